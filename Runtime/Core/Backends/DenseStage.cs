namespace Myelin.Backends;

/// <summary>One layer of <see cref="IBackend.DenseChain"/>: y = activation(x·<see cref="Weight"/> + <see cref="Bias"/>).</summary>
/// <param name="Weight">w:(I,O).</param>
/// <param name="Bias">bias:(O), or null.</param>
/// <param name="Activation">Applied to each output.</param>
/// <param name="Alpha">The activation's parameter (leaky-ReLU slope, ELU scale).</param>
public readonly record struct DenseStage(Tensor Weight, Tensor? Bias, UnaryKind Activation, float Alpha);
