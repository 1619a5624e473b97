using Myelin.Backends;
using Myelin.Nn;
using Myelin.Serialization;

namespace Myelin.Training;

public sealed partial class Model
{
    /// <summary>
    /// Saves architecture and weights (parameters and buffers) atomically to <paramref name="path"/>. A
    /// weight that is NaN or ±Inf (a diverged model) is refused unless <paramref name="allowNonFinite"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A weight is not finite and <paramref name="allowNonFinite"/> is false.</exception>
    public void Save(string path, bool allowNonFinite = false) =>
        ModelFile.Write(path, Network.Spec, SampleShape, Seed, Network.State(), allowNonFinite);

    /// <summary>
    /// Loads a model file: rebuilds the architecture and its weights on <paramref name="backend"/>. The
    /// layers are built only after the file is shown to carry as many weights as they declare, so a small
    /// forged file cannot make it allocate gigabytes. NaN or ±Inf weights are refused unless
    /// <paramref name="allowNonFinite"/> is set (to inspect a diverged model).
    /// </summary>
    /// <exception cref="ModelFormatException">The file is missing, truncated, corrupted, of another version, or inconsistent.</exception>
    public static Model Load(string path, IBackend? backend = null, bool allowNonFinite = false)
    {
        var contents = ModelFile.Read(path, allowNonFinite);
        Module network;
        Model model;
        try
        {
            var declared = LayerRegistry.StateSize(contents.Network);
            var stored = contents.Tensors.Sum(t => (long)t.Values.Length);
            if (declared > stored)
                throw new ModelFormatException($"'{path}' declares layers holding {declared} weights but carries {stored}: it is truncated or forged, so nothing was built.");
            network = LayerRegistry.Create(contents.Network);
            // The constructor checks that the layers accept the stored sample shape.
            model = new Model(network, contents.SampleShape, contents.Seed, backend);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new ModelFormatException($"'{path}': the architecture cannot be rebuilt: {e.Message}", e);
        }
        ModelFile.Apply(contents, network.State(), path);
        return model;
    }

    /// <summary>Loads weights into this model; throws naming any tensor whose name or shape differs. Nothing changes on error.</summary>
    public void LoadWeights(string path, bool allowNonFinite = false) => ModelFile.Apply(ModelFile.Read(path, allowNonFinite), Network.State(), path);
}
