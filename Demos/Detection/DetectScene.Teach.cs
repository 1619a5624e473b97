using Myelin.Graphics.Platform;
using Myelin.Graphics.Rendering;

namespace Myelin.Demos.Detection;

public sealed partial class DetectScene
{
    private readonly List<LabeledBox> _taught = [];
    private int _selectedClass;
    private bool _dragging;
    private float _dragX, _dragY;

    /// <summary>Boxes drawn on the paused frame, not yet taught.</summary>
    public IReadOnlyList<LabeledBox> PendingBoxes => _taught;

    /// <summary>The class the next drawn box gets (keys 1–4 or the class buttons).</summary>
    public int SelectedClass => _selectedClass;

    /// <summary>
    /// Teaching input over the camera view while paused: drag draws a box, keys 1–4 pick the class
    /// (and relabel the box just drawn), Backspace removes the last box.
    /// </summary>
    private void HandleTeaching(InputState input, bool overUi, RectF view)
    {
        for (var c = 0; c < Detector.Classes; c++)
            if (input.KeyPressed('1' + c)) SelectClass(c);
        if (!_paused) { _dragging = false; return; }
        if (input.KeyPressed(259)) RemoveLast();
        var scale = _frame.Size / view.Width;
        var fx = Math.Clamp((input.MouseX - view.X) * scale, 0, _frame.Size);
        var fy = Math.Clamp((input.MouseY - view.Y) * scale, 0, _frame.Size);
        if (input.WasPressed(0) && !overUi && view.Contains(input.MouseX, input.MouseY))
        {
            _dragging = true;
            _dragX = fx; _dragY = fy;
        }
        if (_dragging && input.WasReleased(0))
        {
            _dragging = false;
            var box = new Box(MathF.Min(_dragX, fx), MathF.Min(_dragY, fy), MathF.Max(_dragX, fx), MathF.Max(_dragY, fy));
            // A click is not a box: at least 3 frame pixels each way.
            if (box.Width >= 3 && box.Height >= 3) _taught.Add(new LabeledBox(box, _selectedClass));
        }
    }

    private void SelectClass(int c)
    {
        _selectedClass = c;
        if (_paused && _taught.Count > 0) _taught[^1] = _taught[^1] with { Class = c };
    }

    private void RemoveLast()
    {
        if (_taught.Count > 0) _taught.RemoveAt(_taught.Count - 1);
    }

    /// <summary>Pauses the feed, or resumes it; resuming teaches the detector the boxes drawn meanwhile.</summary>
    private void SetPaused(bool paused)
    {
        if (_paused && !paused && _taught.Count > 0)
        {
            _frame.Pixels.CopyTo(_taughtFrame.Pixels);
            _taughtFrame.Boxes.Clear();
            _taughtFrame.Boxes.AddRange(_taught);
            _trainer.Teach(_taughtFrame);
            _taught.Clear();
        }
        _paused = paused;
        _dragging = false;
    }

    // The box being dragged, in frame pixels.
    private Box DragBox(InputState input, RectF view)
    {
        var scale = _frame.Size / view.Width;
        var fx = Math.Clamp((input.MouseX - view.X) * scale, 0, _frame.Size);
        var fy = Math.Clamp((input.MouseY - view.Y) * scale, 0, _frame.Size);
        return new Box(MathF.Min(_dragX, fx), MathF.Min(_dragY, fy), MathF.Max(_dragX, fx), MathF.Max(_dragY, fy));
    }
}
