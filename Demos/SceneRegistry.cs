using Myelin.Demos.Agents;
using Myelin.Demos.Detection;
using Myelin.Demos.Showcase;

namespace Myelin.Demos;

/// <summary>Every demo scene by name, for `myelin demo NAME` and `myelin demo --list`. Add a line per scene.</summary>
public static class SceneRegistry
{
    /// <summary>The scenes, in the order `--list` shows them.</summary>
    public static IReadOnlyList<SceneEntry> All { get; } =
    [
        new("xor", "TensorFlow-Playground-class decision boundaries: data, features, layers, activations, optimizers, painting, an optimizer race.", () => new Myelin.Demos.Xor.XorScene()),
        new("agents", "Hundreds of creatures with ray sensors learn to forage inside the game loop: one shared policy, batched, trained under a frame budget.", () => new AgentsScene()),
        new("digits", "Draw a digit: a CNN reads it live while it trains on MNIST, shows where it looks, its filters and mistakes; fool it with FGSM, teach it with a key.", () => new Myelin.Demos.Digits.DigitsScene()),
        new("detect", "A grid object detector trains in the frame loop on a synthetic game camera: boxes, labels and confidences every frame; pause and draw boxes to teach it.", () => new DetectScene()),
        new("showcase", "Every render primitive, text, a live chart, each UI widget and a GPU-resident heatmap.", () => new ShowcaseScene()),
    ];

    /// <summary>The scene called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static SceneEntry? Find(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}
