namespace Myelin.Demos.Detection;

/// <summary>The object classes the synthetic camera renders and the detector finds.</summary>
public enum ObjectClass
{
    /// <summary>A yellow circle with a darker rim.</summary>
    Coin,
    /// <summary>A brown rotated square with planks.</summary>
    Crate,
    /// <summary>A green blob with two eyes.</summary>
    Slime,
    /// <summary>A trunk under a round canopy.</summary>
    Tree,
}
