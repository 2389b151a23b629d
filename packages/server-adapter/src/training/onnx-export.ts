/**
 * Writes an MLP as an ONNX model with `onnx-proto`: opset 17, IR version 8, `Gemm` (+ `Relu`) per layer.
 * Input `features` float32 `[N, inputs]`, output `scores` float32 `[N, 1]`. Standardisation is NOT inside the graph:
 * the manifest's `normalization` is applied before (the device does it in JS).
 */
import onnxProto from 'onnx-proto';
import type { Mlp } from '@focal/sdk-core/ranking';

const { onnx } = onnxProto;
export const OPSET = 17;
export const IR_VERSION = 8;

function tensor(name: string, dims: number[], data: Float32Array) {
  return onnx.TensorProto.create({
    name, dims, dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
  });
}

function valueInfo(name: string, width: number) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: onnx.TensorShapeProto.create({ dim: [{ dimParam: 'N' }, { dimValue: width }] }),
      }),
    }),
  });
}

/** The ONNX bytes of `mlp`. */
export function exportOnnx(mlp: Mlp, docString = 'Focal on-device reranker'): Uint8Array {
  const nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  const initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  let input = 'features';
  mlp.layers.forEach((layer, l) => {
    const last = l === mlp.layers.length - 1;
    initializers.push(tensor(`W${l}`, [layer.inputs, layer.outputs], layer.weights), tensor(`B${l}`, [layer.outputs], layer.bias));
    const gemmOut = last ? 'scores' : `gemm${l}`;
    nodes.push(onnx.NodeProto.create({ name: `Gemm${l}`, opType: 'Gemm', input: [input, `W${l}`, `B${l}`], output: [gemmOut] }));
    if (!last) {
      nodes.push(onnx.NodeProto.create({ name: `Relu${l}`, opType: 'Relu', input: [gemmOut], output: [`relu${l}`] }));
      input = `relu${l}`;
    }
  });
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'focal-adapter',
    producerVersion: '0.1.0',
    docString,
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: OPSET })],
    graph: onnx.GraphProto.create({
      name: 'reranker', node: nodes, initializer: initializers,
      input: [valueInfo('features', mlp.layers[0].inputs)],
      output: [valueInfo('scores', mlp.layers[mlp.layers.length - 1].outputs)],
    }),
  });
  // protobufjs hands out a Node Buffer in Node (whose slice() is a view); return a plain, independent Uint8Array.
  return Uint8Array.from(onnx.ModelProto.encode(model).finish());
}
