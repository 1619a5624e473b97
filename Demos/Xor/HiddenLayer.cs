using Myelin.Backends;

namespace Myelin.Demos.Xor;

/// <summary>One hidden layer: neuron count (1..8) and activation (tanh, sigmoid, ReLU, linear = Identity, leaky ReLU, swish, GELU).</summary>
public readonly record struct HiddenLayer(int Neurons, UnaryKind Activation = UnaryKind.Tanh);
