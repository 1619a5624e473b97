using System.Text;
using Myelin.Nn;
using Myelin.Training.Config;
using NUnit.Framework;

namespace Myelin.Tests.Core.Training.Config;

/// <summary>Validation of training configuration files: every error names the key and its line.</summary>
public class TrainingConfigTests
{
    // Line numbers below count from this text's first line.
    private const string Valid = """
        {
          "seed": 3,
          "input": [2],
          "layers": [
            { "type": "Dense", "outputs": 8, "activation": "Tanh" },
            { "type": "Dense", "outputs": 1, "activation": "Sigmoid" }
          ],
          "loss": { "type": "mse", "targets": "Binary" },
          "optimizer": { "type": "adam", "learningRate": 0.05 },
          "data": { "source": "xor-table" },
          "epochs": 20,
          "batchSize": "full"
        }
        """;

    private static TrainingConfig Parse(string json) => TrainingConfig.Parse(Encoding.UTF8.GetBytes(json), "test.json");

    private static ConfigException Error(string json) => Assert.Throws<ConfigException>(() => Parse(json))!;

    [Test]
    public void ValidFile_BuildsTheNetwork_InferringInputSizes()
    {
        var c = Parse(Valid);
        Assert.That(c.Seed, Is.EqualTo(3UL));
        Assert.That(c.Epochs, Is.EqualTo(20));
        Assert.That(c.BatchSize, Is.EqualTo(Myelin.Training.GradientDescent.Batch));
        var dense = c.Network.Layers.OfType<Dense>().ToList();
        Assert.That(dense.Select(d => (d.Inputs, d.Outputs)), Is.EqualTo(new[] { (2, 8), (8, 1) }));
        Assert.That(dense[0].Activation, Is.EqualTo(Myelin.Backends.UnaryKind.Tanh));
        Assert.That(c.Network.Spec.Children[0].Type, Is.EqualTo("Dense"), "config layers are the model file's layer types");
    }

    [Test]
    public void UnknownKey_NamesKeyAndLine_AndSuggestsTheNearest()
    {
        var e = Error(Valid.Replace("\"learningRate\"", "\"learningRat\""));
        Assert.That(e.Line, Is.EqualTo(9));
        Assert.That(e.Key, Is.EqualTo("optimizer.learningRat"));
        Assert.That(e.Message, Does.StartWith("test.json:9: 'optimizer.learningRat': unknown key"));
        Assert.That(e.Message, Does.Contain("Did you mean 'learningRate'?"));
    }

    [Test]
    public void UnknownLayerArgument_IsAnError_WithTheLayersKeys()
    {
        var e = Error(Valid.Replace("\"outputs\": 8,", "\"output\": 8,"));
        Assert.That(e.Line, Is.EqualTo(5));
        Assert.That(e.Message, Does.Contain("'layers[0].output'").And.Contain("Did you mean 'outputs'?"));
    }

    [Test]
    public void UnknownTopLevelKey_IsAnError()
    {
        var e = Error(Valid.Replace("\"epochs\": 20,", "\"epoch\": 20,"));
        Assert.That((e.Line, e.Key), Is.EqualTo((11, "epoch")));
        Assert.That(e.Message, Does.Contain("Did you mean 'epochs'?"));
    }

    [Test]
    public void WrongType_NamesKeyLineAndWhatWasFound()
    {
        var e = Error(Valid.Replace("\"epochs\": 20", "\"epochs\": \"twenty\""));
        Assert.That((e.Line, e.Key), Is.EqualTo((11, "epochs")));
        Assert.That(e.Message, Does.Contain("expected a whole number, found the string \"twenty\""));
    }

    [Test]
    public void WrongTypeInALayer_NamesTheLayersKey()
    {
        var e = Error(Valid.Replace("\"outputs\": 8", "\"outputs\": 8.5"));
        Assert.That((e.Line, e.Key), Is.EqualTo((5, "layers[0].outputs")));
    }

    [TestCase("\"learningRate\": 0.05", "\"learningRate\": -1", 9, "optimizer.learningRate")]
    [TestCase("\"epochs\": 20", "\"epochs\": 0", 11, "epochs")]
    [TestCase("\"seed\": 3", "\"seed\": -3", 2, "seed")]
    public void ValueOutOfRange_NamesKeyLineAndRange(string from, string to, int line, string key)
    {
        var e = Error(Valid.Replace(from, to));
        Assert.That((e.Line, e.Key), Is.EqualTo((line, key)));
        Assert.That(e.Message, Does.Contain("out of range; expected"));
    }

    [Test]
    public void BadChoice_SuggestsTheNearestValue()
    {
        var e = Error(Valid.Replace("\"Tanh\"", "\"Tahn\""));
        Assert.That((e.Line, e.Key), Is.EqualTo((5, "layers[0].activation")));
        Assert.That(e.Message, Does.Contain("Did you mean 'Tanh'?"));
        Assert.That(Error(Valid.Replace("\"adam\"", "\"adma\"")).Message, Does.Contain("Did you mean 'adam'?"));
        Assert.That(Error(Valid.Replace("\"Dense\", \"outputs\": 1", "\"Dens\", \"outputs\": 1")).Line, Is.EqualTo(6));
    }

    [Test]
    public void MissingRequiredKey_IsNamed()
    {
        var e = Error(Valid.Replace("\"input\": [2],", ""));
        Assert.That(e.Key, Is.EqualTo("input"));
        Assert.That(e.Message, Does.Contain("is missing"));
    }

    [Test]
    public void LayerThatDoesNotFit_NamesTheLayer()
    {
        var e = Error(Valid.Replace("{ \"type\": \"Dense\", \"outputs\": 1,", "{ \"type\": \"Dense\", \"inputs\": 5, \"outputs\": 1,"));
        Assert.That((e.Line, e.Key), Is.EqualTo((6, "layers[1]")));
        Assert.That(e.Message, Does.Contain("does not fit its input"));
    }

    [Test]
    public void DenseAfterImages_AsksForAFlatten()
    {
        var e = Error(Valid.Replace("\"input\": [2]", "\"input\": [1, 4, 4]"));
        Assert.That(e.Line, Is.EqualTo(5));
        Assert.That(e.Message, Does.Contain("Flatten"));
    }

    [Test]
    public void DuplicateKey_IsAnError()
    {
        var e = Error(Valid.Replace("\"epochs\": 20,", "\"epochs\": 20, \"epochs\": 30,"));
        Assert.That((e.Line, e.Key), Is.EqualTo((11, "epochs")));
        Assert.That(e.Message, Does.Contain("appears twice"));
    }

    [Test]
    public void SyntaxError_NamesTheLine()
    {
        var e = Error(Valid.Replace("\"epochs\": 20,", "\"epochs\": 20,,"));
        Assert.That(e.Line, Is.EqualTo(11));
        Assert.That(e.Message, Does.Contain("not valid JSON"));
    }

    [Test]
    public void ControlCharactersFromTheFile_AreEscapedInMessages()
    {
        var e = Error(Valid.Replace("\"epochs\": 20,", "\"ep\\u001b[31mochs\": 20,"));
        Assert.That(e.Message.Any(char.IsControl), Is.False, e.Message);
        Assert.That(e.Message, Does.Contain("\\x1B"));
    }

    [Test]
    public void MissingFile_IsAConfigError() =>
        Assert.That(Assert.Throws<ConfigException>(() => TrainingConfig.Load("/nonexistent/x.json"))!.Message, Does.Contain("/nonexistent/x.json"));
}
