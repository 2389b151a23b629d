import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRowToProduct, delimiterOf, detectDelimiter, detectFormat, parseFeed } from '../../src/catalog/index.js';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeProduct } from '../fixtures.js';

const CSV = `id,title,url,price,currency,categoryPath,brand,inStock,attr.shape,attr.colors
FR-1,Round frame,https://s.example/fr-1,129.5,EUR,Frames > Optical frames,Lumen,true,round,black|tortoise
FR-2,Broken price,https://s.example/fr-2,cheap,EUR,Frames,Lumen,true,,
FR-3,Cat-eye,https://s.example/fr-3,99,EUR,Frames > Sunglasses,Sol,no,cat-eye,
`;

describe('parseFeed', () => {
  it('reads CSV rows into products and reports each bad row with its line', () => {
    const feed = parseFeed(CSV, 'csv');
    expect(feed.products.map((p) => p.id)).toEqual(['FR-1', 'FR-3']);
    expect(feed.products[0]).toMatchObject({ price: 129.5, categoryPath: ['Frames', 'Optical frames'], inStock: true, attributes: { shape: 'round', colors: ['black', 'tortoise'] } });
    expect(feed.products[1]!.inStock).toBe(false);
    expect(feed.problems).toEqual([{ line: 3, id: 'FR-2', reason: expect.stringMatching(/price must be number/) }]);
  });
  it('reads NDJSON with line numbers and JSON arrays with item numbers', () => {
    const ndjson = [JSON.stringify(makeProduct('A')), '', '{not json', JSON.stringify({ ...makeProduct('B'), currency: 'euro' })].join('\n');
    const feed = parseFeed(ndjson);
    expect(feed.format).toBe('ndjson');
    expect(feed.products.map((p) => p.id)).toEqual(['A']);
    expect(feed.problems.map((p) => p.line)).toEqual([3, 4]);
    const json = parseFeed(JSON.stringify({ products: [makeProduct('C'), { id: 'D' }] }));
    expect(json.format).toBe('json');
    expect(json.problems).toEqual([{ line: 2, id: 'D', reason: expect.stringMatching(/title is required/) }]);
  });
  it('reports the first line of a CSV row, also after quoted line breaks in a CRLF file (Excel) and blank lines', () => {
    const row = (id: string, title: string, price: string) => `${id},${title},https://s.example/${id},${price},EUR,Frames,true`;
    const csv = ['\uFEFFid,title,url,price,currency,categoryPath,inStock', row('A', '"Round,\r\n""Aria"" frame"', '10'),
      row('B', 'Bad price', '"1.234,50"'), '', row('C', '"Cat-eye\nlarge"', 'x'), row('D', 'Ok', '12'), row('E', 'Ünïcode ünd €', 'y'), ''].join('\r\n');
    // Lines: 1 header, 2-3 A (a quoted CRLF), 4 B, 5 blank, 6-7 C (a quoted LF), 8 D, 9 E.
    const feed = parseFeed(csv, 'csv');
    expect(feed.products.map((p) => [p.id, p.title])).toEqual([['A', 'Round,\r\n"Aria" frame'], ['D', 'Ok']]);
    expect(feed.problems.map((p) => [p.line, p.id])).toEqual([[4, 'B'], [6, 'C'], [9, 'E']]);
  });
  it('reads JSON and NDJSON feeds that start with a byte-order mark (as Windows tools save UTF-8)', () => {
    const json = parseFeed(`\uFEFF${JSON.stringify([makeProduct('A'), makeProduct('B')])}`);
    expect(json).toMatchObject({ format: 'json', problems: [] });
    expect(json.products.map((p) => p.id)).toEqual(['A', 'B']);
    const ndjson = parseFeed(`\uFEFF${JSON.stringify(makeProduct('C'))}\r\n${JSON.stringify(makeProduct('D'))}\r\n`, 'ndjson');
    expect(ndjson.problems).toEqual([]);
    expect(ndjson.products.map((p) => p.id)).toEqual(['C', 'D']);
  });
  it('says how to write a CSV price or stock it cannot read, quoting the cell (1.234,50, €129, 1,299.00)', () => {
    const row = (id: string, price: string, stock = '') => `${id},Frame,https://s.example/${id},${price},EUR,Frames,true,${stock}`;
    const csv = ['id,title,url,price,currency,categoryPath,inStock,stockQuantity', row('A', '"1.234,50"'), row('B', '€129'), row('C', '"1,299.00"'), row('D', '12', 'many'), ''].join('\n');
    const reasons = parseFeed(csv, 'csv').problems.map((p) => p.reason);
    expect(reasons[0]).toBe('price must be number, got string "1.234,50": write it with a dot for decimals, without thousands separators or a currency sign, e.g. 1234.50');
    expect(reasons[1]).toMatch(/^price must be number, got string "€129": write it with a dot/);
    expect(reasons[2]).toMatch(/^price must be number, got string "1,299.00": write it with a dot/);
    expect(reasons[3]).toBe('stockQuantity must be number, got string "many": write a whole number, e.g. 12');
  });
  it('reads a price or stock written as a plain number in text in JSON and NDJSON feeds ("129.00", as many exports do)', () => {
    const rows = [{ ...makeProduct('S1'), price: '129.00', stockQuantity: '12' }, { ...makeProduct('S2'), price: ' 0.5 ' }, { ...makeProduct('S3'), price: '7' }];
    for (const [format, text] of [['json', JSON.stringify(rows)], ['ndjson', rows.map((r) => JSON.stringify(r)).join('\n')]] as const) {
      const feed = parseFeed(text, format);
      expect(feed.problems, format).toEqual([]);
      expect(feed.products.map((p) => [p.id, p.price, p.stockQuantity]), format).toEqual([['S1', 129, 12], ['S2', 0.5, undefined], ['S3', 7, undefined]]);
    }
  });
  it('refuses a price or stock in text that is not a plain number, naming the row, the field and the value, in every format', () => {
    const bad = [{ price: '1.234,50' }, { price: '€129' }, { price: '129.00 EUR' }, { price: '' }, { stockQuantity: '12 pcs' }, { stockQuantity: '1.5' }, { price: '-5' }];
    const expected = [
      [1, 'B0', 'price must be number, got string "1.234,50": write it with a dot for decimals, without thousands separators or a currency sign, e.g. 1234.50'],
      [2, 'B1', 'price must be number, got string "€129": write it with a dot for decimals, without thousands separators or a currency sign, e.g. 1234.50'],
      [3, 'B2', 'price must be number, got string "129.00 EUR": write it with a dot for decimals, without thousands separators or a currency sign, e.g. 1234.50'],
      [4, 'B3', 'price must be number, got string "": write it with a dot for decimals, without thousands separators or a currency sign, e.g. 1234.50'],
      [5, 'B4', 'stockQuantity must be number, got string "12 pcs": write a whole number, e.g. 12'],
      [6, 'B5', 'stockQuantity must be number, got string "1.5": write a whole number, e.g. 12'],
      [7, 'B6', 'price must be at least 0'],
    ];
    const rows = bad.map((fields, i) => ({ ...makeProduct(`B${i}`), ...fields }));
    expect(parseFeed(JSON.stringify(rows), 'json').problems.map((p) => [p.line, p.id, p.reason])).toEqual(expected);
    expect(parseFeed(rows.map((r) => JSON.stringify(r)).join('\n'), 'ndjson').problems.map((p) => [p.line, p.id, p.reason])).toEqual(expected);
  });
  it('refuses a product id written as a number too large for JSON to hold exactly, naming the digits written, never the rounded ones', () => {
    // 12345678901234567890 parses as 12345678901234567000: the old reason told the retailer to write that other id
    const text = `[${JSON.stringify(makeProduct('OK'))},{"id":12345678901234567890,"title":"Big","url":"/p/big","price":5,"currency":"EUR","categoryPath":["Frames"],"inStock":true},
      {"id": 9007199254740993, "title":"Edge","url":"/p/edge","price":5,"currency":"EUR","categoryPath":["Frames"],"inStock":true}]`;
    const feed = parseFeed(text, 'json');
    expect(feed.products.map((p) => p.id)).toEqual(['OK']);
    expect(feed.problems).toEqual([
      { line: 2, id: '12345678901234567890', reason: 'id must be string, got number: a number this large loses digits in JSON (it reads as 12345678901234567000); send product ids as strings, in quotes, "12345678901234567890"' },
      { line: 3, id: '9007199254740993', reason: 'id must be string, got number: a number this large loses digits in JSON (it reads as 9007199254740992); send product ids as strings, in quotes, "9007199254740993"' },
    ]);
    // two ids that read as one number: which row had which is not known, so neither is named (nor the rounded number)
    const twins = ['12345678901234567890', '12345678901234567891'].map((digits) => `{"id":${digits},"title":"T","url":"/p/t","price":5,"currency":"EUR","categoryPath":["F"],"inStock":true}`).join('\n');
    expect(parseFeed(twins, 'ndjson').problems).toEqual([1, 2].map((line) => ({
      line, reason: 'id must be string, got number: a number this large loses digits in JSON (it reads as 12345678901234567000); send product ids as strings, in quotes',
    })));
  });
  it('says what a currency must look like (eur, €, euro are refused with the rule, not "the documented form")', () => {
    const feed = parseFeed(JSON.stringify(['eur', '€', 'euro'].map((currency, i) => ({ ...makeProduct(`C${i}`), currency }))), 'json');
    expect(feed.problems.map((p) => p.reason)).toEqual(Array(3).fill('currency must be a three-letter ISO-4217 code in capitals, e.g. "EUR"'));
  });
  it('refuses a javascript: or data: link in url or image with the row, the product and the field, and keeps the good rows', () => {
    const csv = ['id,title,url,image,price,currency,categoryPath,inStock',
      'OK-1,Round,https://s.example/ok-1,https://cdn.example/ok-1.jpg,10,EUR,Frames,true',
      'JS-1,Evil,javascript:alert(1),,10,EUR,Frames,true',
      'OK-2,Relative,/p/ok-2,/img/ok-2.jpg,10,EUR,Frames,true',
      'IMG-1,Pixel,https://s.example/img-1,"data:image/svg+xml;base64,PHN2Zz4=",10,EUR,Frames,true',
      'JS-2,Spelled,"JaVa\tScRiPt:alert(2)",,10,EUR,Frames,true', ''].join('\n');
    const feed = parseFeed(csv, 'csv');
    expect(feed.products.map((p) => p.id)).toEqual(['OK-1', 'OK-2']);
    expect(feed.problems).toEqual([
      { line: 3, id: 'JS-1', reason: 'url must be an http(s) URL or a path on the shop, got "javascript:alert(1)"' },
      { line: 5, id: 'IMG-1', reason: 'image must be an http(s) URL or a path on the shop, got "data:image/svg+xml;base64,PHN2Zz4="' },
      { line: 6, id: 'JS-2', reason: 'url must be an http(s) URL or a path on the shop, got "JaVa\\tScRiPt:alert(2)"' },
    ]);
    const json = parseFeed(JSON.stringify([{ ...makeProduct('A'), image: 'javascript:x' }, { ...makeProduct('B'), url: 'vbscript:msgbox' }, { ...makeProduct('C'), image: '' }]), 'json');
    expect(json.problems.map((p) => [p.line, p.id, p.reason.split(',')[0]])).toEqual([
      [1, 'A', 'image must be an http(s) URL or a path on the shop'], [2, 'B', 'url must be an http(s) URL or a path on the shop']]);
    // an empty image is no image, as an empty CSV cell is
    expect(json.products).toEqual([expect.not.objectContaining({ image: expect.anything() })]);
    expect(json.products[0]!.id).toBe('C');
  });
  it('detects the format by file name first, then content', () => {
    expect(detectFormat('[]')).toBe('json');
    expect(detectFormat('{"id":1}\n{"id":2}')).toBe('ndjson');
    expect(detectFormat('id,title')).toBe('csv');
    expect(detectFormat('[]', 'feed.csv')).toBe('csv');
  });
  it('reads a semicolon CSV as Excel saves it in much of Europe: BOM, CRLF, decimal commas, commas in cells', () => {
    const csv = ['\uFEFFid;title;url;price;currency;categoryPath;inStock;stockQuantity',
      'FR-1;Round, large;https://s.example/fr-1;129,00;EUR;Frames > Optical frames;true;12',
      'FR-2;"Cat-eye; tortoise";https://s.example/fr-2;99,5;EUR;Frames;true;',
      'FR-3;Aviator;https://s.example/fr-3;149.90;EUR;Frames;true;',
      'FR-4;Classic;https://s.example/fr-4;89;EUR;Frames;true;0,5', ''].join('\r\n');
    const feed = parseFeed(csv, 'csv');
    expect(feed.delimiter).toBe(';');
    expect(feed.products.map((p) => [p.id, p.title, p.price, p.stockQuantity])).toEqual([
      ['FR-1', 'Round, large', 129, 12], ['FR-2', 'Cat-eye; tortoise', 99.5, undefined], ['FR-3', 'Aviator', 149.9, undefined],
    ]);
    expect(feed.products[0]!.categoryPath).toEqual(['Frames', 'Optical frames']);
    expect(feed.problems).toEqual([{ line: 5, id: 'FR-4', reason: 'stockQuantity must be number, got string "0,5": write a whole number, e.g. 12' }]);
  });
  it('reads a tab-separated feed, and takes the delimiter it is told', () => {
    const tsv = 'id\ttitle\turl\tprice\tcurrency\tcategoryPath\tinStock\nT-1\tRound\thttps://s.example/t-1\t12,50\tEUR\tFrames\ttrue\n';
    const feed = parseFeed(tsv, 'csv');
    expect([feed.delimiter, feed.problems, feed.products.map((p) => [p.id, p.price])]).toEqual(['\t', [], [['T-1', 12.5]]]);
    expect(parseFeed(tsv, 'csv', { delimiter: '\t' }).products).toHaveLength(1);
    // told the wrong one: the header names no id column, and the reason says how it was split
    const told = parseFeed(tsv, 'csv', { delimiter: ';' });
    expect(told.problems).toEqual([{ line: 1, reason: 'the CSV header must name the columns (id, title, url, price, currency, categoryPath, inStock, ...), separated by commas, semicolons or tabs; split on semicolons as asked, the first line "id\\ttitle\\turl\\tprice\\tcurrency\\tcategoryPath\\tinStock" has no column named id' }]);
  });
  it('detects the delimiter from the header line: the one that names an id column', () => {
    expect(detectDelimiter('id,title,price\n1,a;b,2')).toBe(',');
    expect(detectDelimiter('\uFEFF\r\n"id";"title";"price, EUR"\r\n')).toBe(';');
    expect(detectDelimiter('id\ttitle;subtitle\tprice')).toBe('\t');
    expect(detectDelimiter('name;price;stock')).toBe(';');
    expect(detectDelimiter('id')).toBe(',');
    expect([delimiterOf('semicolon'), delimiterOf('TAB'), delimiterOf(','), delimiterOf('\t'), delimiterOf('pipe'), delimiterOf('|')])
      .toEqual([';', '\t', ',', '\t', undefined, undefined]);
  });
  it('reads a decimal comma only where it cannot be a thousands separator, and says how to write the others', () => {
    const row = (id: string, price: string, stock = '') => `${id};Frame;https://s.example/${id};${price};EUR;Frames;true;${stock}`;
    const csv = ['id;title;url;price;currency;categoryPath;inStock;stockQuantity', row('A', '1299,00'), row('B', '0,5'), row('C', '1,2990'),
      row('D', '1.299'), row('E', '1,299'), row('F', '1.234,50'), row('G', '€129'), row('H', '12', '1.000'), ''].join('\n');
    const feed = parseFeed(csv, 'csv');
    expect(feed.products.map((p) => [p.id, p.price])).toEqual([['A', 1299], ['B', 0.5], ['C', 1.299]]);
    const ambiguous = (value: string) => `price must be number, got string "${value}": in a semicolon-separated CSV a comma or a dot before exactly three digits may separate thousands (1.299 is 1299 in Excel's German format); write the price without thousands separators and with at most two decimals or four and more, e.g. 1299 or 1299,00 or 1,2990`;
    const advice = (value: string) => `price must be number, got string "${value}": write it with a comma or a dot for decimals, without thousands separators or a currency sign, e.g. 1234,50 or 1234.50`;
    expect(feed.problems.map((p) => [p.line, p.id, p.reason])).toEqual([
      [5, 'D', ambiguous('1.299')], [6, 'E', ambiguous('1,299')], [7, 'F', advice('1.234,50')], [8, 'G', advice('€129')],
      [9, 'H', 'stockQuantity must be number, got string "1.000": write a whole number, e.g. 12'],
    ]);
    // a comma CSV keeps its rule: a dot for decimals ("129,00" there is a quoted cell, refused)
    expect(parseFeed('id,title,url,price,currency,categoryPath,inStock\nA,F,https://s.example/a,"129,00",EUR,Frames,true\n', 'csv').problems[0]!.reason)
      .toMatch(/^price must be number, got string "129,00": write it with a dot for decimals/);
    expect(csvRowToProduct({ price: '129,00' })).toEqual({ price: '129,00' });
    expect(csvRowToProduct({ price: '129,00' }, true)).toEqual({ price: 129 });
  });
  it('says what is wrong with an unreadable feed', () => {
    expect(parseFeed('{"products": 3}', 'json').problems[0]!.reason).toMatch(/array of products/);
    expect(parseFeed('name,price\nx,1', 'csv').problems[0]!.reason).toMatch(/header must name the columns/);
  });
});

describe('PUT /v1/admin/catalog', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ products: [makeProduct('OLD-1'), makeProduct('FR-1')] });
  });
  afterAll(async () => adapter?.close());
  const put = (body: string, type: string, query = '') => fetch(`${adapter.url}/v1/admin/catalog?site=${adapter.siteKey}${query}`, {
    method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}`, 'content-type': type }, body,
  });

  it('imports good rows, reports bad ones, and marks products missing from the feed out of stock', async () => {
    const response = await put(CSV, 'text/csv');
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result).toMatchObject({ format: 'csv', imported: 2, rejected: 1, markedOutOfStock: 1, problems: [{ line: 3, id: 'FR-2' }] });
    const [old] = await adapter.store.catalog.get(adapter.siteKey, ['OLD-1']);
    expect(old).toMatchObject({ id: 'OLD-1', inStock: false });
    expect((await adapter.store.catalog.get(adapter.siteKey, ['FR-1']))[0]!.title).toBe('Round frame');
    expect((await adapter.store.audit.list({ action: 'catalog.import' }))[0]!.details).toEqual({ imported: 2, rejected: 1, markedOutOfStock: 1 });
  });
  it('re-imports NDJSON as an upsert; ?full=false leaves other products alone', async () => {
    const response = await put(JSON.stringify(makeProduct('NEW-1')), 'application/x-ndjson', '&full=false');
    expect(await response.json()).toMatchObject({ format: 'ndjson', imported: 1, markedOutOfStock: 0 });
    expect((await adapter.store.catalog.get(adapter.siteKey, ['FR-1']))[0]!.inStock).toBe(true);
  });
  it('refuses a full value other than true or false, before touching the catalog (full=0 used to run a full import)', async () => {
    await adapter.store.catalog.upsert(adapter.siteKey, [makeProduct('KEEP-1')]);
    for (const value of ['0', 'no', 'False', 'flase', '']) {
      const response = await put(JSON.stringify([makeProduct('PARTIAL-1')]), 'application/json', `&full=${value}`);
      expect(response.status, value).toBe(400);
      expect((await response.json()).error, value).toMatchObject({ code: 'invalid_query', field: 'full', message: expect.stringMatching(/^full must be true .* or false/) });
    }
    expect((await adapter.store.catalog.get(adapter.siteKey, ['KEEP-1', 'PARTIAL-1'])).map((p) => [p.id, p.inStock])).toEqual([['KEEP-1', true]]);
    expect(await (await put(JSON.stringify([makeProduct('PARTIAL-1')]), 'application/json', '&full=false')).json()).toMatchObject({ imported: 1, markedOutOfStock: 0 });
  });
  it('a product with a javascript: or data: link is refused at import, naming its line, id and field; its neighbours land', async () => {
    const feed = [makeProduct('LINK-OK-1'), { ...makeProduct('LINK-BAD-1'), url: 'javascript:alert(document.cookie)' },
      { ...makeProduct('LINK-BAD-2'), image: 'data:text/html,<script>alert(1)</script>' }, makeProduct('LINK-OK-2')];
    const response = await put(JSON.stringify(feed), 'application/json', '&full=false');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ imported: 2, rejected: 2, problems: [
      { line: 2, id: 'LINK-BAD-1', reason: 'url must be an http(s) URL or a path on the shop, got "javascript:alert(document.cookie)"' },
      { line: 3, id: 'LINK-BAD-2', reason: expect.stringMatching(/^image must be an http\(s\) URL or a path on the shop, got "data:text\/html,/) },
    ] });
    const stored = await adapter.store.catalog.get(adapter.siteKey, ['LINK-OK-1', 'LINK-BAD-1', 'LINK-BAD-2', 'LINK-OK-2']);
    expect(stored.filter(Boolean).map((p) => p!.id).sort()).toEqual(['LINK-OK-1', 'LINK-OK-2']);
    const csv = await put(`id,title,url,price,currency,categoryPath,inStock\nLINK-BAD-3,Frame,javascript:void(0),10,EUR,Frames,true\n`, 'text/csv', '&full=false');
    expect(csv.status).toBe(422);
    expect((await csv.json()).problems).toEqual([{ line: 2, id: 'LINK-BAD-3', reason: 'url must be an http(s) URL or a path on the shop, got "javascript:void(0)"' }]);
  });
  it('a product id listed twice is reported at its second row, and the rest of the feed lands (was a 500 that imported nothing)', async () => {
    const csv = ['id,title,url,price,currency,categoryPath,inStock',
      'TWICE-1,First,/p/twice-1,10,EUR,Frames,true', 'ONCE-1,Once,/p/once-1,20,EUR,Frames,true',
      'TWICE-1,Second,/p/twice-1,12,EUR,Frames,true', 'ONCE-2,Once,/p/once-2,30,EUR,Frames,true', ''].join('\n');
    const response = await put(csv, 'text/csv', '&full=false');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ imported: 3, rejected: 1, problems: [
      { line: 4, id: 'TWICE-1', reason: 'id TWICE-1 is already on line 2; list each product once (this row was not imported)' },
    ] });
    const stored = await adapter.store.catalog.get(adapter.siteKey, ['TWICE-1', 'ONCE-1', 'ONCE-2']);
    expect(stored.map((p) => [p.id, p.title])).toEqual([['TWICE-1', 'First'], ['ONCE-1', 'Once'], ['ONCE-2', 'Once']]);
    // a JSON array names the item number
    const json = await put(JSON.stringify([makeProduct('TWICE-2'), makeProduct('TWICE-2')]), 'application/json', '&full=false');
    expect(await json.json()).toMatchObject({ imported: 1, problems: [{ line: 2, id: 'TWICE-2', reason: expect.stringMatching(/already on item 1/) }] });
  });

  it.each([
    ['no admin key', () => fetch(`${adapter.url}/v1/admin/catalog?site=${adapter.siteKey}`, { method: 'PUT', body: '[]' }), 401],
    ['no site', () => fetch(`${adapter.url}/v1/admin/catalog`, { method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}` }, body: '[]' }), 400],
    ['an unknown site', () => fetch(`${adapter.url}/v1/admin/catalog?site=pk_nope`, { method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}` }, body: '[]' }), 404],
    ['a site with a NUL in it', () => fetch(`${adapter.url}/v1/admin/catalog?site=%00`, { method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}` }, body: '[]' }), 400],
    ['a feed without one good row', () => put('[{"id":"x"}]', 'application/json'), 422],
    ['an empty feed', () => put('', 'application/json'), 400],
    ['an unknown format', () => put('[]', 'application/json', '&format=xml'), 400],
  ])('answers %s with a JSON error', async (_n, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(await response.json()).toBeTruthy();
  });

  it('imports a semicolon CSV saved by a European Excel (was 422 "the CSV header must name the columns")', async () => {
    const csv = '\uFEFFid;title;url;price;currency;categoryPath;inStock\r\nEU-1;Rund, groß;https://s.example/eu-1;129,00;EUR;Frames;true\r\n'
      + 'EU-2;Pilot;https://s.example/eu-2;1.299;EUR;Frames;true\r\n';
    const response = await put(csv, 'text/csv', '&full=false');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ format: 'csv', delimiter: ';', imported: 1, rejected: 1, problems: [{ line: 3, id: 'EU-2', reason: expect.stringMatching(/^price must be number, got string "1.299": in a semicolon-separated CSV/) }] });
    expect((await adapter.store.catalog.get(adapter.siteKey, ['EU-1']))[0]).toMatchObject({ title: 'Rund, groß', price: 129 });
    // told: delimiter=semicolon (or ;, tab, comma); the content type may be anything then
    const told = await put('id;title;url;price;currency;categoryPath;inStock\nEU-3;Oval;https://s.example/eu-3;9,90;EUR;Frames;true\n', 'text/plain', '&full=false&delimiter=semicolon');
    expect(await told.json()).toMatchObject({ format: 'csv', delimiter: ';', imported: 1, rejected: 0 });
  });
  it('refuses a delimiter it does not know, or one given with a JSON feed, naming delimiter', async () => {
    const error = async (response: Response) => [response.status, (await response.json()).error];
    expect(await error(await put('id|title', 'text/csv', '&delimiter=pipe'))).toEqual([400, {
      code: 'invalid_query', field: 'delimiter', message: 'delimiter must be comma, semicolon or tab (or the character itself: , ; or a tab); got "pipe"' }]);
    expect(await error(await put('[]', 'application/json', '&delimiter=%3B'))).toEqual([400, {
      code: 'invalid_query', field: 'delimiter', message: 'delimiter is for CSV feeds; this feed is sent as json (format or content type): leave delimiter out, or say format=csv if it is CSV' }]);
    expect(await error(await put(JSON.stringify([makeProduct('J-1')]), 'text/plain', '&delimiter=tab'))).toEqual([400, {
      code: 'invalid_query', field: 'delimiter', message: 'delimiter is for CSV feeds; this feed reads as json: leave delimiter out, or say format=csv if it is CSV' }]);
  });
  it('names the site parameter when it is not a site key', async () => {
    const response = await fetch(`${adapter.url}/v1/admin/catalog?site=pk%00demo`, { method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}` }, body: '[]' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: 'invalid_query', field: 'site', message: 'site must be a site key (printable characters, no spaces), such as pk_demo' });
  });
});

describe('PUT /v1/admin/catalog: a rejected row does not harm its product', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ products: [makeProduct('123'), makeProduct('456'), makeProduct('GONE-1')] });
  });
  afterAll(async () => adapter?.close());

  it.each([
    ['JSON', 'application/json', (rows: unknown[]) => JSON.stringify(rows)],
    ['NDJSON', 'application/x-ndjson', (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n')],
  ])('a %s row whose id is a number (123) is reported, and the stored product "123" stays in stock', async (_name, type, write) => {
    // a feed generated with numeric ids for some rows: "123" is still listed, only badly typed
    const feed = write([{ ...makeProduct('123'), id: 123, price: 5 }, makeProduct('456')]);
    const response = await fetch(`${adapter.url}/v1/admin/catalog?site=${adapter.siteKey}`, {
      method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}`, 'content-type': type }, body: feed,
    });
    expect(response.status).toBe(200);
    const result = await response.json();
    const stored = await adapter.store.catalog.get(adapter.siteKey, ['123', '456', 'GONE-1']);
    expect(stored.map((p) => [p.id, p.inStock, p.price])).toEqual([['123', true, 99], ['456', true, 99], ['GONE-1', false, 99]]);
    expect(result).toMatchObject({ imported: 1, rejected: 1, markedOutOfStock: expect.any(Number), problems: [
      { line: 1, id: '123', reason: 'id must be string, got number: write it in quotes, "123"' },
    ] });
  });

  it('a row whose id is a number too large for JSON keeps the product its digits name in stock (never the rounded id)', async () => {
    await adapter.store.catalog.upsert(adapter.siteKey, [makeProduct('12345678901234567890'), makeProduct('456')]);
    const feed = `[{"id":12345678901234567890,"title":"Big","url":"/p/big","price":5,"currency":"EUR","categoryPath":["Frames"],"inStock":true},${JSON.stringify(makeProduct('456'))}]`;
    const response = await fetch(`${adapter.url}/v1/admin/catalog?site=${adapter.siteKey}`, {
      method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}`, 'content-type': 'application/json' }, body: feed,
    });
    expect(await response.json()).toMatchObject({ imported: 1, rejected: 1, problems: [{ line: 1, id: '12345678901234567890', reason: expect.stringMatching(/send product ids as strings/) }] });
    const [big] = await adapter.store.catalog.get(adapter.siteKey, ['12345678901234567890']);
    expect([big!.inStock, big!.price]).toEqual([true, 99]);
  });

  it('refuses a row whose text holds half of an emoji, naming the field, and imports the rest (was a 500 importing nothing)', async () => {
    const feed = [makeProduct('HALF-OK-1'), { ...makeProduct('HALF-1'), title: 'Frame \ud83d' }, { ...makeProduct('HALF-2'), attributes: { colors: ['red', '\udc00'] } },
      { ...makeProduct('HALF-OK-2'), title: 'Frame \ud83d\ude0e' }];
    for (const [type, body] of [['application/json', JSON.stringify(feed)], ['application/x-ndjson', feed.map((p) => JSON.stringify(p)).join('\n')]]) {
      const response = await fetch(`${adapter.url}/v1/admin/catalog?site=${adapter.siteKey}&full=false`, {
        method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}`, 'content-type': type! }, body,
      });
      expect(response.status, type).toBe(200);
      expect(await response.json(), type).toMatchObject({ imported: 2, rejected: 2, problems: [
        { line: 2, id: 'HALF-1', reason: 'title holds half of a character (a lone UTF-16 surrogate such as \\ud83d, e.g. an emoji cut in two); send the text whole' },
        { line: 3, id: 'HALF-2', reason: expect.stringMatching(/^attributes\.colors\.1 holds half of a character/) },
      ] });
    }
    const stored = await adapter.store.catalog.get(adapter.siteKey, ['HALF-OK-1', 'HALF-1', 'HALF-2', 'HALF-OK-2']);
    expect(stored.map((p) => [p.id, p.title])).toEqual([['HALF-OK-1', 'Frame HALF-OK-1'], ['HALF-OK-2', 'Frame \ud83d\ude0e']]);
  });

  it('refuses the rows of a Windows-1252 CSV whose text is not UTF-8, naming the field, and imports the rest (their ü was stored as U+FFFD)', async () => {
    // Excel's "CSV" on a German Windows: semicolons, Windows-1252 bytes (ü is 0xFC, é is 0xE9)
    const lines = [
      'id;title;url;price;currency;categoryPath;inStock',
      'LATIN-OK;Round frame;https://shop.example/p/LATIN-OK;129,00;EUR;Frames;true',
      'LATIN-1;Brille f\xfcr Damen;https://shop.example/p/LATIN-1;99,00;EUR;Frames;true',
      'LATIN-2;Frame;https://shop.example/p/LATIN-2;99,00;EUR;Frames > Caf\xe9;true',
    ];
    const response = await fetch(`${adapter.url}/v1/admin/catalog?site=${adapter.siteKey}`, {
      method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}`, 'content-type': 'text/csv' }, body: Buffer.from(lines.join('\n'), 'latin1'),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ imported: 1, rejected: 2, problems: [
      { line: 3, id: 'LATIN-1', reason: 'title is not UTF-8 text (it holds U+FFFD, what bytes of another encoding such as Windows-1252 become); save the feed as UTF-8 (in Excel: CSV UTF-8) and send it again' },
      { line: 4, id: 'LATIN-2', reason: expect.stringMatching(/^categoryPath\.1 is not UTF-8 text/) },
    ] });
    expect((await adapter.store.catalog.get(adapter.siteKey, ['LATIN-OK', 'LATIN-1', 'LATIN-2'])).map((p) => p.id)).toEqual(['LATIN-OK']);
    // the same feed saved as UTF-8 imports whole
    const utf8 = await fetch(`${adapter.url}/v1/admin/catalog?site=${adapter.siteKey}&full=false`, {
      method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}`, 'content-type': 'text/csv' }, body: lines.join('\n'),
    });
    expect(await utf8.json()).toMatchObject({ imported: 3, rejected: 0 });
    expect((await adapter.store.catalog.get(adapter.siteKey, ['LATIN-1']))[0]!.title).toBe('Brille für Damen');
  });

  it('imports a JSON feed whose prices are text ("129.00")', async () => {
    const feed = [{ ...makeProduct('TEXT-PRICE-1'), price: '129.00' }, { ...makeProduct('TEXT-PRICE-2'), price: '1,299.00' }];
    const response = await fetch(`${adapter.url}/v1/admin/catalog?site=${adapter.siteKey}&full=false`, {
      method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(feed),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ imported: 1, rejected: 1, problems: [{ line: 2, id: 'TEXT-PRICE-2', reason: expect.stringMatching(/^price must be number, got string "1,299.00": write it with a dot/) }] });
    expect((await adapter.store.catalog.get(adapter.siteKey, ['TEXT-PRICE-1']))[0]!.price).toBe(129);
  });
});
