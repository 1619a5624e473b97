using Myelin.Backends;
using Myelin.Nn;
using Myelin.Serialization;

namespace Myelin.Training;

public sealed partial class Model
{
    /// <summary>Saves architecture and weights (parameters and buffers) atomically to <paramref name="path"/>.</summary>
    public void Save(string path) => ModelFile.Write(path, Network.Spec, SampleShape, Seed, Network.State());

    /// <summary>Loads a model file: rebuilds the architecture and its weights on <paramref name="backend"/>.</summary>
    /// <exception cref="ModelFormatException">The file is missing, truncated, corrupted, of another version, or inconsistent.</exception>
    public static Model Load(string path, IBackend? backend = null)
    {
        var contents = ModelFile.Read(path);
        Module network;
        Model model;
        try
        {
            network = LayerRegistry.Create(contents.Network);
            // The constructor checks that the layers accept the stored sample shape.
            model = new Model(network, contents.SampleShape, contents.Seed, backend);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ModelFormatException($"'{path}': the architecture cannot be rebuilt: {e.Message}", e);
        }
        ModelFile.Apply(contents, network.State(), path);
        return model;
    }

    /// <summary>Loads weights into this model; throws naming any tensor whose name or shape differs. Nothing changes on error.</summary>
    public void LoadWeights(string path) => ModelFile.Apply(ModelFile.Read(path), Network.State(), path);
}
