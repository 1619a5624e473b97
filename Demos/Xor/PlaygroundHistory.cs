namespace Myelin.Demos.Xor;

/// <summary>
/// Per-epoch curves for the loss chart, in fixed memory: when the 1024 slots fill, every other
/// point is dropped and the recording stride doubles, so the whole run stays visible and
/// recording never allocates.
/// </summary>
public sealed class PlaygroundHistory
{
    /// <summary>Points kept at most.</summary>
    public const int Capacity = 1024;

    private readonly int[] _epoch = new int[Capacity];
    private readonly float[] _trainLoss = new float[Capacity], _testLoss = new float[Capacity];
    private readonly float[] _trainAccuracy = new float[Capacity], _testAccuracy = new float[Capacity];

    /// <summary>Points recorded.</summary>
    public int Count { get; private set; }
    /// <summary>Epochs between recorded points (1, 2, 4, …).</summary>
    public int Stride { get; private set; } = 1;

    /// <summary>Epoch of each point.</summary>
    public ReadOnlySpan<int> Epoch => _epoch.AsSpan(0, Count);
    /// <summary>Loss over the whole training set after the epoch.</summary>
    public ReadOnlySpan<float> TrainLoss => _trainLoss.AsSpan(0, Count);
    /// <summary>Loss over the test set after the epoch.</summary>
    public ReadOnlySpan<float> TestLoss => _testLoss.AsSpan(0, Count);
    /// <summary>Training accuracy (NaN for regression).</summary>
    public ReadOnlySpan<float> TrainAccuracy => _trainAccuracy.AsSpan(0, Count);
    /// <summary>Test accuracy (NaN for regression).</summary>
    public ReadOnlySpan<float> TestAccuracy => _testAccuracy.AsSpan(0, Count);

    /// <summary>Forgets everything.</summary>
    public void Clear()
    {
        Count = 0;
        Stride = 1;
    }

    /// <summary>Records epoch <paramref name="epoch"/> when it falls on the stride.</summary>
    public void Record(int epoch, float trainLoss, float testLoss, float trainAccuracy, float testAccuracy)
    {
        if (epoch % Stride != 0) return;
        if (Count == Capacity)
        {
            for (var i = 0; i < Capacity / 2; i++)
            {
                var j = 2 * i; // slot i holds epoch i·stride (epoch 0 first), so even slots are the doubled stride's
                _epoch[i] = _epoch[j]; _trainLoss[i] = _trainLoss[j]; _testLoss[i] = _testLoss[j];
                _trainAccuracy[i] = _trainAccuracy[j]; _testAccuracy[i] = _testAccuracy[j];
            }
            Count = Capacity / 2;
            Stride *= 2;
            if (epoch % Stride != 0) return;
        }
        _epoch[Count] = epoch; _trainLoss[Count] = trainLoss; _testLoss[Count] = testLoss;
        _trainAccuracy[Count] = trainAccuracy; _testAccuracy[Count] = testAccuracy;
        Count++;
    }
}
