using Myelin.Backends;
using Myelin.Data;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Core.Training;

public class XorTrainingTests
{
    [TestCase(UnaryKind.Sigmoid)]
    [TestCase(UnaryKind.Tanh)]
    [TestCase(UnaryKind.Relu)]
    [TestCase(UnaryKind.LeakyRelu)]
    [TestCase(UnaryKind.Swish)]
    [TestCase(UnaryKind.Gelu)]
    [TestCase(UnaryKind.Elu)]
    public void Xor_2_4_4_1_SolvesAllFourCorners(UnaryKind activation)
    {
        var net = new Sequential(
            new Dense(2, 4), new Activation(activation, 0.01f),
            new Dense(4, 4), new Activation(activation, 0.01f),
            new Dense(4, 1), new Sigmoid());
        var model = new Model(net, new Shape(2), seed: 3).Compile(p => new Adam(p, 0.05f), new MeanSquaredError(TargetKind.Binary));
        var data = Synthetic.XorTable();
        model.Fit(data, new FitOptions { Epochs = 600, BatchSize = GradientDescent.Batch });
        var eval = model.Evaluate(data);
        Assert.That(eval.Accuracy, Is.EqualTo(1f), $"{activation}: loss {eval.Loss}");
    }
}
