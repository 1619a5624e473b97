using Silk.NET.OpenGL;
using SkiaSharp;

namespace Myelin.Graphics.Rendering;

/// <summary>
/// Text from a glyph atlas: printable ASCII (32..126) rasterised once by SkiaSharp, anti-aliased,
/// in two fonts (<see cref="Regular"/> and a bold <see cref="Heading"/>), uploaded as one R8 texture
/// and drawn as quads through <see cref="Batch2D"/>. Glyphs land on whole pixels, so text is crisp.
/// Drawing from a string or a span allocates nothing; use <see cref="TextBuilder"/> for numbers.
/// Other characters draw as '?'; '\n' starts a new line.
/// </summary>
public sealed class TextRenderer : IDisposable
{
    /// <summary>The body font index.</summary>
    public const int Regular = 0;
    /// <summary>The bold, larger heading font index.</summary>
    public const int Heading = 1;

    private const char First = ' ', Last = '~';
    private const int GlyphCount = Last - First + 1;
    private const int Pad = 2;
    private const int AtlasWidth = 512;

    private readonly Face[] _faces;

    /// <summary>Rasterises the atlas (default typeface DejaVu Sans via fontconfig) and uploads it.</summary>
    /// <param name="gl">The current context's GL.</param>
    /// <param name="regularSize">Body text size in pixels.</param>
    /// <param name="headingSize">Heading size in pixels.</param>
    /// <param name="family">Font family asked of fontconfig.</param>
    public TextRenderer(GL gl, float regularSize = 15, float headingSize = 22, string family = "DejaVu Sans")
    {
        using var regular = SKTypeface.FromFamilyName(family, SKFontStyle.Normal) ?? SKTypeface.Default;
        using var bold = SKTypeface.FromFamilyName(family, SKFontStyle.Bold) ?? SKTypeface.Default;
        _faces = [new Face(regular, regularSize), new Face(bold, headingSize)];

        // Shelf packing: faces one after another, glyph cells left to right in rows.
        int x = 0, y = 0, shelf = 0;
        foreach (var face in _faces)
        {
            for (var i = 0; i < GlyphCount; i++)
            {
                var w = face.CellWidth[i];
                if (x + w > AtlasWidth) { x = 0; y += shelf; shelf = 0; }
                face.CellX[i] = x;
                face.CellY[i] = y;
                x += w;
                shelf = Math.Max(shelf, face.CellHeight);
            }
        }
        var height = y + shelf;
        var coverage = Rasterise(height);
        Atlas = new Texture2D(gl, AtlasWidth, height, SizedInternalFormat.R8);
        Atlas.Upload<byte>(coverage, PixelFormat.Red, PixelType.UnsignedByte);
        foreach (var face in _faces) face.SetUvs(AtlasWidth, height);
    }

    /// <summary>The glyph atlas (R8 coverage).</summary>
    public Texture2D Atlas { get; }

    /// <summary>Where drawn text boxes are recorded for inspection, or null (the default: nothing recorded).</summary>
    public LayoutLog? Log { get; set; }

    /// <summary>Height of one line of <paramref name="font"/> in pixels (ascent + descent + leading).</summary>
    public float LineHeight(int font = Regular) => _faces[font].LineHeight;

    /// <summary>Font size of <paramref name="font"/> in pixels.</summary>
    public float Size(int font = Regular) => _faces[font].Size;

    /// <summary>Width in pixels of the widest line of <paramref name="text"/>, as <see cref="Draw"/> lays it out.</summary>
    public float Measure(ReadOnlySpan<char> text, int font = Regular)
    {
        var face = _faces[font];
        float widest = 0, pen = 0;
        foreach (var c in text)
        {
            if (c == '\n') { widest = Math.Max(widest, pen); pen = 0; continue; }
            pen += MathF.Round(face.Advance[Index(c)]);
        }
        return Math.Max(widest, pen);
    }

    /// <summary>
    /// Draws <paramref name="text"/> with its first line's top at <paramref name="y"/>, aligned at
    /// <paramref name="x"/> by <paramref name="align"/>; returns the x where the last line ends.
    /// </summary>
    public float Draw(Batch2D batch, ReadOnlySpan<char> text, float x, float y, Color32 color, int font = Regular, TextAlign align = TextAlign.Left)
    {
        var face = _faces[font];
        var left = align switch
        {
            TextAlign.Center => x - Measure(text, font) * 0.5f,
            TextAlign.Right => x - Measure(text, font),
            _ => x,
        };
        var pen = MathF.Round(left);
        var top = MathF.Round(y);
        Log?.Add(LayoutRole.Text, new RectF(pen, top, Measure(text, font), LineCount(text) * MathF.Round(face.LineHeight)));
        foreach (var c in text)
        {
            if (c == '\n') { pen = MathF.Round(left); top += MathF.Round(face.LineHeight); continue; }
            var i = Index(c);
            if (c != ' ')
                batch.Glyph(Atlas, new RectF(pen - Pad, top - Pad, face.CellWidth[i], face.CellHeight), face.Uv[i], color);
            pen += MathF.Round(face.Advance[i]);
        }
        return pen;
    }

    /// <summary>Draws <paramref name="text"/> centred vertically in a band from <paramref name="top"/> of <paramref name="height"/> pixels.</summary>
    public float DrawCentered(Batch2D batch, ReadOnlySpan<char> text, float x, float top, float height, Color32 color, int font = Regular, TextAlign align = TextAlign.Left) =>
        Draw(batch, text, x, top + (height - _faces[font].Ascent - _faces[font].Descent) * 0.5f, color, font, align);

    /// <summary>Deletes the atlas texture.</summary>
    public void Dispose() => Atlas.Dispose();

    private static int LineCount(ReadOnlySpan<char> text) => text.Count('\n') + 1;

    private static int Index(char c) => c is >= First and <= Last ? c - First : '?' - First;

    private byte[] Rasterise(int height)
    {
        var info = new SKImageInfo(AtlasWidth, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
            Span<char> one = stackalloc char[1];
            foreach (var face in _faces)
                for (var i = 0; i < GlyphCount; i++)
                {
                    one[0] = (char)(First + i);
                    canvas.DrawText(one.ToString(), face.CellX[i] + Pad, face.CellY[i] + Pad + face.Ascent, SKTextAlign.Left, face.Font, paint);
                }
        }
        var rgba = bitmap.GetPixelSpan();
        var coverage = new byte[AtlasWidth * height];
        for (var p = 0; p < coverage.Length; p++) coverage[p] = rgba[p * 4 + 3];
        foreach (var face in _faces) face.Font.Dispose();
        return coverage;
    }

    private sealed class Face
    {
        public readonly SKFont Font;
        public readonly float Size, Ascent, Descent, LineHeight;
        public readonly int CellHeight;
        public readonly float[] Advance = new float[GlyphCount];
        public readonly int[] CellWidth = new int[GlyphCount];
        public readonly int[] CellX = new int[GlyphCount];
        public readonly int[] CellY = new int[GlyphCount];
        public readonly RectF[] Uv = new RectF[GlyphCount];

        public Face(SKTypeface typeface, float size)
        {
            Font = new SKFont(typeface, size) { Edging = SKFontEdging.Antialias, Hinting = SKFontHinting.Slight, Subpixel = false };
            Size = size;
            var metrics = Font.Metrics;
            Ascent = MathF.Ceiling(-metrics.Ascent);
            Descent = MathF.Ceiling(metrics.Descent);
            LineHeight = MathF.Ceiling(Ascent + Descent + Math.Max(metrics.Leading, size * 0.15f));
            CellHeight = (int)(Ascent + Descent) + 2 * Pad;
            Span<char> one = stackalloc char[1];
            for (var i = 0; i < GlyphCount; i++)
            {
                one[0] = (char)(First + i);
                Advance[i] = Font.MeasureText(one, out var bounds);
                CellWidth[i] = (int)MathF.Ceiling(Math.Max(Advance[i], bounds.Right)) + 2 * Pad;
            }
        }

        public void SetUvs(int atlasWidth, int atlasHeight)
        {
            for (var i = 0; i < GlyphCount; i++)
                Uv[i] = new RectF((float)CellX[i] / atlasWidth, (float)CellY[i] / atlasHeight, (float)CellWidth[i] / atlasWidth, (float)CellHeight / atlasHeight);
        }
    }
}
