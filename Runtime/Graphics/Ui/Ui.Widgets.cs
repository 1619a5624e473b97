using Myelin.Graphics.Rendering;

namespace Myelin.Graphics.Ui;

public sealed partial class Ui
{
    /// <summary>A line of text in the main colour (or <paramref name="color"/>).</summary>
    public void Label(ReadOnlySpan<char> text, Color32? color = null)
    {
        var rect = Allocate(_text.LineHeight());
        _text.Draw(_batch, text, rect.X, rect.Y, color ?? Style.Text);
    }

    /// <summary>A dim label on the left and <paramref name="value"/> formatted with <paramref name="format"/> on the right.</summary>
    public void Value(ReadOnlySpan<char> label, double value, ReadOnlySpan<char> format = default)
    {
        var rect = Allocate(_text.LineHeight());
        _text.Draw(_batch, label, rect.X, rect.Y, Style.TextDim);
        _text.Draw(_batch, _scratch.Clear().Append(value, format).Span, rect.Right, rect.Y, Style.Text, align: TextAlign.Right);
    }

    /// <summary>A full-width button; true in the frame it is clicked (pressed and released over it).</summary>
    public bool Button(ReadOnlySpan<char> label)
    {
        var id = IdOf(label);
        var rect = Allocate(Style.RowHeight);
        var clicked = Behave(id, rect, out var hovered, out _);
        _batch.FillRoundedRect(rect, Style.Radius, Fill(id, hovered));
        _text.DrawCentered(_batch, Visible(label), rect.X + rect.Width * 0.5f, rect.Y, rect.Height, Style.Text, align: TextAlign.Center);
        return clicked;
    }

    /// <summary>
    /// A full-width row that shows whether it is the selected one of a set (accent fill and bar) and
    /// leaves <paramref name="indent"/> pixels on its left for the caller to draw into (an icon); true when clicked.
    /// </summary>
    public bool Selectable(ReadOnlySpan<char> label, bool selected, float indent = 0)
    {
        var id = IdOf(label);
        var rect = Allocate(Style.RowHeight);
        var clicked = Behave(id, rect, out var hovered, out _);
        _batch.FillRoundedRect(rect, Style.Radius, selected ? Style.Accent.WithAlpha(0.35f) : Fill(id, hovered));
        if (selected) _batch.FillRoundedRect(new RectF(rect.X + 3, rect.Y + 7, 3, rect.Height - 14), 1.5f, Style.Accent);
        _text.DrawCentered(_batch, Visible(label), rect.X + 12 + indent, rect.Y, rect.Height, selected ? Style.Text : Style.TextDim);
        LastRect = rect;
        return clicked;
    }

    /// <summary>The rectangle of the last <see cref="Selectable"/>, for drawing into its indent.</summary>
    public RectF LastRect { get; private set; }

    /// <summary>A label with an on/off switch; flips <paramref name="value"/> when clicked and returns true then.</summary>
    public bool Toggle(ReadOnlySpan<char> label, ref bool value)
    {
        var id = IdOf(label);
        var rect = Allocate(Math.Max(22, _text.LineHeight()));
        var clicked = Behave(id, rect, out var hovered, out _);
        if (clicked) value = !value;
        _text.DrawCentered(_batch, Visible(label), rect.X, rect.Y, rect.Height, hovered ? Style.Text : Style.TextDim);
        const float w = 38, h = 20;
        var track = new RectF(rect.Right - w, rect.Y + (rect.Height - h) * 0.5f, w, h);
        _batch.FillRoundedRect(track, h * 0.5f, value ? Style.Accent : Fill(id, hovered));
        var knobX = value ? track.Right - h * 0.5f : track.X + h * 0.5f;
        _batch.FillCircle(knobX, track.Y + h * 0.5f, h * 0.5f - 3, Color32.White);
        return clicked;
    }

    /// <summary>A slider over [<paramref name="min"/>, <paramref name="max"/>] with its value shown by <paramref name="format"/>; true while the value changes.</summary>
    public bool Slider(ReadOnlySpan<char> label, ref float value, float min, float max, ReadOnlySpan<char> format = default)
    {
        var t = SliderCore(label, (value - min) / (max - min), out var dragged);
        var next = dragged ? min + t * (max - min) : value;
        DrawSliderValue(_scratch.Clear().Append(next, format.IsEmpty ? "F2" : format).Span);
        var changed = next != value;
        value = next;
        return changed;
    }

    /// <summary>An integer slider over [<paramref name="min"/>, <paramref name="max"/>]; true while the value changes.</summary>
    public bool Slider(ReadOnlySpan<char> label, ref int value, int min, int max)
    {
        var t = SliderCore(label, max > min ? (float)(value - min) / (max - min) : 0, out var dragged);
        var next = dragged ? (int)MathF.Round(min + t * (max - min)) : value;
        DrawSliderValue(_scratch.Clear().Append((long)next).Span);
        var changed = next != value;
        value = next;
        return changed;
    }

    /// <summary>
    /// A dropdown showing <paramref name="items"/>[<paramref name="selected"/>]; a click opens the list
    /// (drawn on top at <see cref="End"/>), a click on an item picks it. True in the frame the selection changes.
    /// </summary>
    public bool Dropdown(ReadOnlySpan<char> label, ref int selected, string[] items)
    {
        var id = IdOf(label);
        var title = Allocate(_text.LineHeight());
        _y -= Style.Spacing * 0.5f;
        _text.Draw(_batch, Visible(label), title.X, title.Y, Style.TextDim);
        var box = Allocate(Style.RowHeight);
        var open = _openDropdown == id;
        var list = new RectF(box.X, box.Bottom + 2, box.Width, items.Length * Style.RowHeight);
        if (open) list = list with { Width = Math.Max(list.Width, _popupRect.Width) }; // last frame's widened list
        var changed = false;
        if (open && _input.WasPressed(0))
        {
            // Clicks on the list pick an item; anywhere else (the box included) closes it.
            if (list.Contains(_input.MouseX, _input.MouseY))
            {
                var picked = Math.Clamp((int)((_input.MouseY - list.Y) / Style.RowHeight), 0, items.Length - 1);
                changed = picked != selected;
                selected = picked;
            }
            _openDropdown = 0;
            open = false;
            _active = -1; // swallow this press so the widget under the list stays untouched
        }
        else if (Behave(id, box, out _, out _))
        {
            _openDropdown = open ? 0 : id;
            open = !open;
        }
        var hovered = Hoverable(box);
        _batch.FillRoundedRect(box, Style.Radius, open ? Style.WidgetActive : Fill(id, hovered));
        var shown = selected >= 0 && selected < items.Length ? items[selected] : "";
        DrawFitted(shown, box.X + 10, box.Y, box.Height, box.Width - 10 - 28, Style.Text);
        Chevron(box.Right - 16, box.Y + box.Height * 0.5f, open);
        if (open)
        {
            // The list widens to its longest item, so every item reads whole.
            var widest = 0f;
            foreach (var item in items) widest = Math.Max(widest, _text.Measure(item));
            _popupItems = items;
            _popupSelected = selected;
            _popupRect = list with { Width = Math.Max(list.Width, widest + 28) };
        }
        return changed;
    }

    private float SliderCore(ReadOnlySpan<char> label, float t, out bool dragged)
    {
        var id = IdOf(label);
        var rect = Allocate(_text.LineHeight() + 18);
        _text.Draw(_batch, Visible(label), rect.X, rect.Y, Style.TextDim);
        var track = new RectF(rect.X + 8, rect.Bottom - 11, rect.Width - 16, 4);
        Behave(id, rect, out var hovered, out var held);
        dragged = held;
        if (held) t = (_input.MouseX - track.X) / track.Width;
        t = Math.Clamp(float.IsFinite(t) ? t : 0, 0, 1);
        _batch.FillRoundedRect(track, 2, Style.Widget);
        _batch.FillRoundedRect(track with { Width = track.Width * t }, 2, Style.Accent);
        var knob = hovered || held ? 8f : 7f;
        _batch.FillCircle(track.X + track.Width * t, track.Y + 2, knob, held ? Style.Text : Color32.FromHex(0xC9D1D9));
        _sliderValueAt = rect;
        return t;
    }

    private RectF _sliderValueAt;

    // Text cut to maxWidth with "..." (no allocation: the kept prefix and the dots are drawn apart).
    private void DrawFitted(ReadOnlySpan<char> text, float x, float top, float height, float maxWidth, Color32 color)
    {
        if (_text.Measure(text) <= maxWidth)
        {
            _text.DrawCentered(_batch, text, x, top, height, color);
            return;
        }
        var keep = text.Length;
        var room = maxWidth - _text.Measure("...");
        while (keep > 0 && _text.Measure(text[..keep]) > room) keep--;
        var end = _text.DrawCentered(_batch, text[..keep], x, top, height, color);
        _text.DrawCentered(_batch, "...", end, top, height, color);
    }

    private void DrawSliderValue(ReadOnlySpan<char> text) =>
        _text.Draw(_batch, text, _sliderValueAt.Right, _sliderValueAt.Y, Style.Text, align: TextAlign.Right);

    private void Chevron(float x, float y, bool up)
    {
        var dy = up ? -3f : 3f;
        _batch.Line(x - 5, y - dy, x, y + dy, 1.6f, Style.TextDim);
        _batch.Line(x, y + dy, x + 5, y - dy, 1.6f, Style.TextDim);
    }

    private void DrawPopup()
    {
        var items = _popupItems!;
        _popupDrawing = true;
        var list = _popupRect;
        _batch.FillRoundedRect(new RectF(list.X - 1, list.Y - 1, list.Width + 2, list.Height + 2), Style.Radius + 1, Style.Border);
        _batch.FillRoundedRect(list, Style.Radius, Style.Widget);
        for (var i = 0; i < items.Length; i++)
        {
            var row = new RectF(list.X, list.Y + i * Style.RowHeight, list.Width, Style.RowHeight);
            var hovered = Hoverable(row);
            if (hovered || i == _popupSelected)
                _batch.FillRoundedRect(row.Inset(2), Style.Radius - 2, hovered ? Style.WidgetHot : Style.WidgetActive);
            if (i == _popupSelected) _batch.FillRoundedRect(new RectF(row.X + 4, row.Y + 8, 3, row.Height - 16), 1.5f, Style.Accent);
            _text.DrawCentered(_batch, items[i], row.X + 14, row.Y, row.Height, Style.Text);
        }
        if (list.Contains(_input.MouseX, _input.MouseY)) _overUiNext = true;
        _popupDrawing = false;
    }
}
