using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin;

public static partial class Ops
{
    /// <summary>
    /// Inference through consecutive dense layers in one backend call (<see cref="IBackend.DenseChain"/>):
    /// the same values as one <see cref="Dense"/> per stage, without a tape record, a dispatch and a
    /// hand-off to worker threads per layer. Records no gradient; <see cref="Nn.Sequential"/> uses it under
    /// <see cref="Tape.NoGrad"/>.
    /// </summary>
    public static Tensor DenseChain(Tensor x, ReadOnlySpan<DenseStage> stages)
    {
        if (stages.IsEmpty) throw new ArgumentException("DenseChain needs at least one stage.", nameof(stages));
        var columns = x.Rank == 2 ? x.Shape[1] : -1;
        for (var s = 0; s < stages.Length; s++)
        {
            var (w, b, _, _) = stages[s];
            SameBackend("DenseChain", x, w);
            if (w.Rank != 2 || w.Shape[0] != columns)
                throw new ArgumentException($"DenseChain stage {s}: input (N, {columns}) from {(s == 0 ? $"x {x.Shape}" : $"stage {s - 1}")} does not fit weights {w.Shape}.");
            if (b is not null && (b.Rank != 1 || b.Shape[0] != w.Shape[1]))
                throw new ArgumentException($"DenseChain stage {s}: bias {b.Shape} does not fit weights {w.Shape}.");
            columns = w.Shape[1];
        }
        var node = Tape.Current.Record<DenseChainNode>(differentiable: false);
        var outputs = node.Outputs(x.Backend, x.Shape[0], stages);
        x.Backend.DenseChain(x, stages, outputs);
        return outputs[^1];
    }

    private sealed class DenseChainNode : Node
    {
        private Tensor[] _outputs = [];
        private Tensor?[] _hidden = [];

        public override string OpName => "DenseChain";

        /// <summary>The hidden activations (node-owned scratch) and the final output, reused while the stages repeat.</summary>
        public ReadOnlySpan<Tensor> Outputs(IBackend backend, int rows, ReadOnlySpan<DenseStage> stages)
        {
            if (_outputs.Length != stages.Length)
            {
                _outputs = new Tensor[stages.Length];
                Array.Resize(ref _hidden, stages.Length - 1);
            }
            for (var s = 0; s + 1 < stages.Length; s++)
                _outputs[s] = Scratch(ref _hidden[s], backend, new Shape(rows, stages[s].Weight.Shape[1]));
            _outputs[^1] = MakeOutput(backend, new Shape(rows, stages[^1].Weight.Shape[1]));
            return _outputs;
        }

        public override void Backward() =>
            throw new InvalidOperationException("DenseChain is inference only; training runs its layers one Dense op each.");
    }
}
