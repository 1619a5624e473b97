using Myelin.Graphics.Rendering;

namespace Myelin.Graphics.Ui;

/// <summary>Colours and metrics of the immediate-mode UI; <see cref="Dark"/> is the default theme.</summary>
public sealed record UiStyle
{
    /// <summary>The dark theme every demo uses.</summary>
    public static UiStyle Dark { get; } = new();

    /// <summary>Suggested clear colour behind panels.</summary>
    public Color32 Background { get; init; } = Color32.FromHex(0x0E1116);
    /// <summary>Panel fill.</summary>
    public Color32 Panel { get; init; } = Color32.FromHex(0x161B22);
    /// <summary>Panel border and separators.</summary>
    public Color32 Border { get; init; } = Color32.FromHex(0x2A313C);
    /// <summary>Main text.</summary>
    public Color32 Text { get; init; } = Color32.FromHex(0xE6EDF3);
    /// <summary>Secondary text (labels, axis ticks).</summary>
    public Color32 TextDim { get; init; } = Color32.FromHex(0x8B949E);
    /// <summary>Accent: slider fill, toggles on, selection.</summary>
    public Color32 Accent { get; init; } = Color32.FromHex(0x4C8DFF);
    /// <summary>Widget fill at rest.</summary>
    public Color32 Widget { get; init; } = Color32.FromHex(0x21262D);
    /// <summary>Widget fill under the pointer.</summary>
    public Color32 WidgetHot { get; init; } = Color32.FromHex(0x2D333B);
    /// <summary>Widget fill while pressed.</summary>
    public Color32 WidgetActive { get; init; } = Color32.FromHex(0x3A424D);
    /// <summary>Padding inside panels, pixels.</summary>
    public float Padding { get; init; } = 14;
    /// <summary>Vertical gap between widgets, pixels.</summary>
    public float Spacing { get; init; } = 8;
    /// <summary>Height of buttons, dropdown boxes and dropdown items, pixels.</summary>
    public float RowHeight { get; init; } = 30;
    /// <summary>Corner radius of panels and widgets, pixels.</summary>
    public float Radius { get; init; } = 6;
}
