using ILGPU;
using ILGPU.Runtime;
using Myelin.Backends;
using Myelin.Gpu.Kernels;

namespace Myelin.Gpu;

public sealed partial class IlgpuBackend
{
    // Launchers, compiled once in the constructor. A launch only enqueues work on the default stream.
    private Action<KernelConfig, ArrayView<float>, int, float> _fill = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, float, float> _axpby = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, UnaryKind, float> _unary = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, UnaryKind, float> _unaryBackward = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, BinaryKind> _binarySame = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, BinaryKind, BroadcastArgs> _binaryBroadcast = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ReduceArgs> _sumTo = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, PermuteArgs> _permute = null!;
    private Action<KernelConfig, ArrayView<float>, int, float, float, uint> _dropoutMask = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, float> _clipByNorm = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArgs> _gemm = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArgs> _gemmSplitReduce = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, WindowArgs> _im2Col = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, WindowArgs> _col2Im = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, WindowArgs> _maxPool = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, WindowArgs> _maxPoolBackward = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, WindowArgs> _avgPool = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, WindowArgs> _avgPoolBackward = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int> _softmax = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> _softmaxBackward = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> _softmaxXent = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> _softmaxXentBackward = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int> _argMax = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, HyperArgs> _sgd = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, HyperArgs> _adam = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, HyperArgs> _adagrad = null!;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, HyperArgs> _rmsProp = null!;

    /// <summary>Number of kernels compiled at start-up.</summary>
    public int KernelCount { get; private set; }

    private void LoadKernels(Accelerator a)
    {
        _fill = a.LoadStreamKernel<ArrayView<float>, int, float>(ElementwiseKernels.Fill);
        _axpby = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, float, float>(ElementwiseKernels.Axpby);
        _unary = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, UnaryKind, float>(ElementwiseKernels.Unary);
        _unaryBackward = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, UnaryKind, float>(ElementwiseKernels.UnaryBackward);
        _binarySame = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, BinaryKind>(ElementwiseKernels.BinarySame);
        _binaryBroadcast = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, BinaryKind, BroadcastArgs>(ElementwiseKernels.BinaryBroadcast);
        _sumTo = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ReduceArgs>(ReduceKernels.SumTo);
        _permute = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, PermuteArgs>(ElementwiseKernels.Permute);
        _dropoutMask = a.LoadStreamKernel<ArrayView<float>, int, float, float, uint>(ElementwiseKernels.DropoutMask);
        _clipByNorm = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, float>(ElementwiseKernels.ClipByNorm);
        _gemm = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArgs>(
            _gemmThreads == GemmKernel.LargeThreads ? GemmKernel.GemmLarge : GemmKernel.GemmSmall);
        _gemmSplitReduce = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArgs>(GemmKernel.SplitReduce);
        _im2Col = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, WindowArgs>(WindowKernels.Im2Col);
        _col2Im = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, WindowArgs>(WindowKernels.Col2Im);
        _maxPool = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, WindowArgs>(WindowKernels.MaxPool);
        _maxPoolBackward = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, WindowArgs>(WindowKernels.MaxPoolBackward);
        _avgPool = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, WindowArgs>(WindowKernels.AvgPool);
        _avgPoolBackward = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, WindowArgs>(WindowKernels.AvgPoolBackward);
        _softmax = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int>(RowKernels.Softmax);
        _softmaxBackward = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(RowKernels.SoftmaxBackward);
        _softmaxXent = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(RowKernels.SoftmaxCrossEntropy);
        _softmaxXentBackward = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(RowKernels.SoftmaxCrossEntropyBackward);
        _argMax = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int>(RowKernels.ArgMax);
        _sgd = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, HyperArgs>(OptimizerKernels.Sgd);
        _adam = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, HyperArgs>(OptimizerKernels.Adam);
        _adagrad = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, HyperArgs>(OptimizerKernels.Adagrad);
        _rmsProp = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, HyperArgs>(OptimizerKernels.RmsProp);
        KernelCount = 27;
    }
}
