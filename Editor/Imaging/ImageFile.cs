using StbImageSharp;

namespace Myelin.Editor.Imaging;

/// <summary>Decodes PNG, JPEG, BMP, TGA and GIF files to RGBA bytes (via StbImageSharp).</summary>
public static class ImageFile
{
    /// <summary>The most pixels an image may declare (64 megapixels: 256 MB as RGBA).</summary>
    public const long MaxPixels = 64_000_000;

    /// <summary>Reads <paramref name="path"/> as RGBA: pixels (height, width, 4), top row first.</summary>
    /// <exception cref="InvalidDataException">The file is not an image StbImageSharp can decode.</exception>
    public static (byte[] Rgba, int Width, int Height) ReadRgba(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            // The header's size, checked before decoding: a few bytes can declare gigabytes of pixels.
            var info = ImageInfo.FromStream(new MemoryStream(bytes));
            if (info is { } i && (long)i.Width * i.Height > MaxPixels)
                throw new InvalidDataException($"{i.Width}×{i.Height} pixels is too large (at most {MaxPixels / 1_000_000} megapixels)");
            var image = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlueAlpha);
            return (image.Data, image.Width, image.Height);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or InvalidDataException))
        {
            throw new InvalidDataException($"not a readable image ({e.Message})", e);
        }
    }
}
