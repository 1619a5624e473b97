using Microsoft.ML.OnnxRuntime;

namespace Myelin.Editor.Bench;

/// <summary>
/// The ONNX Runtime peer of W4: runs the MLP that w4_torch.py exported, with input and output
/// OrtValues preallocated over pinned host arrays, and times one Run per call like Myelin's forward.
/// Only touched with --peers, so the Editor never loads onnxruntime otherwise.
/// </summary>
internal static class OnnxRuntimePeer
{
    /// <summary>Median µs per call for each batch size, keyed like the W4 rows ("us_b64").</summary>
    public static Dictionary<string, double> Run(string modelPath, int threads, IReadOnlyList<int> batches, double budgetSeconds = 0.4)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        using var session = new InferenceSession(modelPath, options);
        var inputName = session.InputMetadata.Keys.First();
        var outputName = session.OutputMetadata.Keys.First();
        var inputDim = session.InputMetadata[inputName].Dimensions[^1];
        var outputDim = session.OutputMetadata[outputName].Dimensions[^1];
        using var runOptions = new RunOptions();
        var results = new Dictionary<string, double>();
        var rng = new Rng(5);
        foreach (var batch in batches)
        {
            var x = new float[batch * inputDim];
            for (var i = 0; i < x.Length; i++) x[i] = rng.Normal();
            var y = new float[batch * outputDim];
            using var input = OrtValue.CreateTensorValueFromMemory(x, [batch, inputDim]);
            using var output = OrtValue.CreateTensorValueFromMemory(y, [batch, outputDim]);
            string[] inputNames = [inputName], outputNames = [outputName];
            OrtValue[] inputs = [input], outputs = [output];
            var (seconds, _) = Measure.PerCall(() => session.Run(runOptions, inputNames, inputs, outputNames, outputs), budgetSeconds, minChunks: 7);
            results[$"us_b{batch}"] = seconds * 1e6;
        }
        return results;
    }
}
