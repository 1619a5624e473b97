using Myelin.Demos.Detection;

namespace Myelin.Editor.Imaging;

/// <summary>Draws a camera frame scaled up, with ground-truth boxes (white, dashed) and detections (one colour per class).</summary>
public static class DetectionOverlay
{
    private static readonly Rgb[] s_classColours = [Rgb.Hex(0xFFD400), Rgb.Hex(0xFF6A00), Rgb.Hex(0x00E5FF), Rgb.Hex(0xFF2DF0)];

    /// <summary>The frame at <paramref name="scale"/>× with its boxes drawn.</summary>
    public static Canvas Draw(CameraFrame frame, IEnumerable<DetectedBox> detections, int scale = 3)
    {
        var size = frame.Size;
        var canvas = new Canvas(size * scale, size * scale);
        var plane = size * size;
        for (var y = 0; y < canvas.Height; y++)
            for (var x = 0; x < canvas.Width; x++)
            {
                var i = y / scale * size + x / scale;
                canvas.Set(x, y, new Rgb(CameraFrame.ToByte(frame.Pixels[i]), CameraFrame.ToByte(frame.Pixels[plane + i]), CameraFrame.ToByte(frame.Pixels[2 * plane + i])));
            }
        foreach (var truth in frame.Boxes) Rectangle(canvas, truth.Box, scale, new Rgb(255, 255, 255), dash: 3);
        foreach (var d in detections) Rectangle(canvas, d.Box, scale, s_classColours[d.Class % s_classColours.Length], dash: 0, thickness: 2);
        return canvas;
    }

    private static void Rectangle(Canvas canvas, Box box, int scale, Rgb colour, int dash, int thickness = 1)
    {
        var x0 = (int)(box.X0 * scale); var x1 = (int)(box.X1 * scale) - 1;
        var y0 = (int)(box.Y0 * scale); var y1 = (int)(box.Y1 * scale) - 1;
        for (var t = 0; t < thickness; t++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (dash > 0 && (x - x0) / dash % 2 == 1) continue;
                canvas.Blend(x, y0 + t, colour, 1f);
                canvas.Blend(x, y1 - t, colour, 1f);
            }
            for (var y = y0; y <= y1; y++)
            {
                if (dash > 0 && (y - y0) / dash % 2 == 1) continue;
                canvas.Blend(x0 + t, y, colour, 1f);
                canvas.Blend(x1 - t, y, colour, 1f);
            }
        }
    }
}
