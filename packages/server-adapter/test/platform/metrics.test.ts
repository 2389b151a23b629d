import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.js';

describe('createMetrics', () => {
  it('shows every counted request and cache lookup at each scrape, without counting any twice', async () => {
    const metrics = createMetrics();
    for (let i = 0; i < 3; i++) metrics.cacheHit('recommendations');
    metrics.cacheMiss('recommendations');
    metrics.countRequest('GET', '/v1/recommendations', 200, 0.002);
    metrics.countRequest('GET', '/v1/recommendations', 200, 0.02);
    metrics.countRequest('GET', '/v1/recommendations', 429, 0.0001);
    let text = await metrics.registry.metrics();
    expect(text).toContain('focal_cache_requests_total{cache="recommendations",result="hit"} 3');
    expect(text).toContain('focal_cache_requests_total{cache="recommendations",result="miss"} 1');
    expect(text).toContain('focal_cache_hit_ratio{cache="recommendations"} 0.75');
    expect(text).toContain('focal_http_requests_total{method="GET",route="/v1/recommendations",status="200"} 2');
    expect(text).toContain('focal_http_requests_total{method="GET",route="/v1/recommendations",status="429"} 1');
    expect(text).toContain('focal_http_request_duration_seconds_count{method="GET",route="/v1/recommendations"} 3');
    metrics.cacheHit('recommendations');
    metrics.countRequest('GET', '/v1/recommendations', 200, 0.002);
    text = await metrics.registry.metrics();
    expect(text).toContain('focal_cache_requests_total{cache="recommendations",result="hit"} 4');
    expect(text).toContain('focal_cache_hit_ratio{cache="recommendations"} 0.8');
    expect(text).toContain('focal_http_requests_total{method="GET",route="/v1/recommendations",status="200"} 3');
    expect((await metrics.registry.getSingleMetric('focal_cache_requests_total')!.get()).values.map((v) => v.value)).toEqual([4, 1]);
  });
});
