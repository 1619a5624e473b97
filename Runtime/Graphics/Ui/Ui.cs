using Myelin.Graphics.Platform;
using Myelin.Graphics.Rendering;

namespace Myelin.Graphics.Ui;

/// <summary>
/// A small immediate-mode UI in the style of Dear ImGui: each frame, widget calls both draw
/// (through <see cref="Batch2D"/>) and report interaction (a Button returns true in the frame it
/// is clicked). Items are identified by a hash of their label; write "Text##id" to show "Text"
/// under a distinct id. The item under the pointer is hot; the item pressed is active until the
/// button goes up, so a slider keeps tracking when the pointer leaves it. An open dropdown's list
/// is drawn last, above everything, and takes the clicks over it.
/// <para>Per frame: <see cref="Begin"/>, <see cref="BeginPanel"/>, widgets, <see cref="EndPanel"/>, <see cref="End"/>.
/// Call it from the scene's Render. Allocates nothing per frame.</para>
/// </summary>
public sealed partial class Ui
{
    private readonly Batch2D _batch;
    private readonly TextRenderer _text;
    private readonly TextBuilder _scratch = new();
    private InputState _input = new();
    private int _hot, _active, _hotNext;
    private bool _overUi, _overUiNext;

    // Vertical layout: widgets stack down from the cursor inside the current panel.
    private float _x, _y, _width, _panelTop, _panelX, _panelWidth;
    private int _panelBackground = -1;

    // The open dropdown, drawn in End() so it covers what was drawn after it.
    private int _openDropdown;
    private string[]? _popupItems;
    private int _popupSelected;
    private RectF _popupRect;
    private bool _popupDrawing;

    /// <summary>Creates a UI that draws with <paramref name="batch"/> and <paramref name="text"/>.</summary>
    public Ui(Batch2D batch, TextRenderer text, UiStyle? style = null)
    {
        _batch = batch;
        _text = text;
        Style = style ?? UiStyle.Dark;
    }

    /// <summary>Colours and metrics.</summary>
    public UiStyle Style { get; set; }

    /// <summary>The text renderer the UI draws with.</summary>
    public TextRenderer Text => _text;

    /// <summary>Id of the item under the pointer last frame (0 for none).</summary>
    public int HotItem => _hot;

    /// <summary>Id of the item being pressed or dragged (0 for none).</summary>
    public int ActiveItem => _active;

    /// <summary>True when the pointer was over a panel or an item is active: the scene should ignore the mouse.</summary>
    public bool WantsMouse => _overUi || _active != 0 || _openDropdown != 0;

    /// <summary>Where panels and text boxes are recorded for inspection (shared with <see cref="Text"/>), or null.</summary>
    public LayoutLog? Log
    {
        get => _text.Log;
        set => _text.Log = value;
    }

    /// <summary>Starts a frame reading <paramref name="input"/>; clears <see cref="Log"/>.</summary>
    public void Begin(InputState input)
    {
        Log?.Clear();
        _input = input;
        _hotNext = 0;
        _overUiNext = false;
        _popupItems = null;
    }

    /// <summary>Ends a frame: draws an open dropdown list on top and settles hot and active items.</summary>
    public void End()
    {
        if (_popupItems is not null) DrawPopup();
        else _openDropdown = 0;
        if (!_input.IsDown(0)) _active = 0;
        _hot = _hotNext;
        _overUi = _overUiNext;
    }

    /// <summary>
    /// Starts a panel at (<paramref name="x"/>, <paramref name="y"/>) <paramref name="width"/> pixels
    /// wide with a heading; widgets stack inside it. Its height is whatever the widgets take.
    /// </summary>
    public void BeginPanel(ReadOnlySpan<char> title, float x, float y, float width)
    {
        _panelX = x;
        _panelTop = y;
        _panelWidth = width;
        _panelBackground = _batch.ReserveRoundedRect();
        _x = x + Style.Padding;
        _y = y + Style.Padding;
        _width = width - 2 * Style.Padding;
        if (!title.IsEmpty)
        {
            _text.Draw(_batch, title, _x, _y, Style.Text, TextRenderer.Heading);
            _y += _text.LineHeight(TextRenderer.Heading) + Style.Spacing * 0.5f;
        }
    }

    /// <summary>Ends the panel started by <see cref="BeginPanel"/>; returns its rectangle.</summary>
    public RectF EndPanel()
    {
        var rect = new RectF(_panelX, _panelTop, _panelWidth, _y - Style.Spacing + Style.Padding - _panelTop);
        if (_panelBackground >= 0)
        {
            _batch.FillReserved(_panelBackground, rect, Style.Radius + 2, Style.Panel);
            _panelBackground = -1;
        }
        Log?.Add(LayoutRole.Panel, rect);
        if (rect.Contains(_input.MouseX, _input.MouseY)) _overUiNext = true;
        return rect;
    }

    /// <summary>
    /// Fills a free-standing panel background at <paramref name="rect"/> (a scene's own area beside the
    /// stacked panels) and records it, so text drawn over it is checked to stay inside.
    /// </summary>
    public RectF Panel(RectF rect)
    {
        _batch.FillRoundedRect(rect, Style.Radius + 2, Style.Panel);
        Log?.Add(LayoutRole.Panel, rect);
        return rect;
    }

    /// <summary>Records <paramref name="rect"/> as content (a plot's points) that no text may cover; draws nothing.</summary>
    public void KeepClear(RectF rect) => Log?.Add(LayoutRole.Clear, rect);

    /// <summary>Takes the next <paramref name="height"/> pixels of the panel for custom drawing (a chart, an image).</summary>
    public RectF Allocate(float height)
    {
        var rect = new RectF(_x, _y, _width, height);
        _y += height + Style.Spacing;
        return rect;
    }

    /// <summary>Leaves <paramref name="pixels"/> of vertical space.</summary>
    public void Space(float pixels) => _y += pixels;

    /// <summary>A thin horizontal rule.</summary>
    public void Separator()
    {
        var rect = Allocate(1);
        _batch.FillRect(rect, Style.Border);
    }

    // Hash of the id part of "Text##id" (or the whole label); never 0, which means "no item".
    private static int IdOf(ReadOnlySpan<char> label)
    {
        var id = string.GetHashCode(label, StringComparison.Ordinal);
        return id == 0 ? 1 : id;
    }

    private static ReadOnlySpan<char> Visible(ReadOnlySpan<char> label)
    {
        var split = label.IndexOf("##", StringComparison.Ordinal);
        return split < 0 ? label : label[..split];
    }

    private bool Hoverable(RectF rect) =>
        rect.Contains(_input.MouseX, _input.MouseY)
        && (_popupDrawing || _openDropdown == 0 || !_popupRect.Contains(_input.MouseX, _input.MouseY));

    // ImGui's button behaviour: active on press inside, clicked on release still inside.
    private bool Behave(int id, RectF rect, out bool hovered, out bool held)
    {
        hovered = Hoverable(rect);
        if (hovered && (_active == 0 || _active == id)) _hotNext = id;
        if (hovered && _active == 0 && _input.WasPressed(0)) _active = id;
        held = _active == id && _input.IsDown(0);
        return _active == id && hovered && _input.WasReleased(0);
    }

    private Color32 Fill(int id, bool hovered) =>
        _active == id ? Style.WidgetActive : hovered ? Style.WidgetHot : Style.Widget;
}
