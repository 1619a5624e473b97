using System.CommandLine;
using System.Globalization;
using Myelin.Demos.Digits;
using Myelin.Editor.Imaging;
using Myelin.Editor.Terminal;

namespace Myelin.Editor.Commands;

/// <summary>
/// `myelin classify --model FILE image...`: reads each image (any size, light or dark background),
/// preprocesses it MNIST-style and prints the predicted digit with the ten probabilities. A file
/// that cannot be read is reported on stderr and skipped; the exit code is 1 if any failed.
/// </summary>
public static class ClassifyCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Digit model file (from 'myelin train digits').", Required = true };
        var allowNonFinite = new Option<bool>("--allow-nonfinite") { Description = "Load a model holding NaN or Inf weights (for debugging)." };
        var images = new Argument<FileInfo[]>("images") { Description = "PNG or JPEG files, one digit each.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("classify", "Classify images of handwritten digits with a trained model.") { model, images, allowNonFinite };
        command.SetAction(p => Run(p.GetValue(model)!.FullName, [.. p.GetValue(images)!.Select(f => f.FullName)], Console.Out, Console.Error, p.GetValue(allowNonFinite)));
        return command;
    }

    /// <summary>Classifies every file; returns 0 when all were read, 1 otherwise.</summary>
    public static int Run(string modelPath, IReadOnlyList<string> paths, TextWriter output, TextWriter errors, bool allowNonFinite = false)
    {
        var model = DigitModel.Load(modelPath, allowNonFinite: allowNonFinite);
        var preprocessor = new DigitPreprocessor();
        var input = new float[DigitModel.Pixels];
        var logits = new float[DigitModel.Classes];
        var probabilities = new float[DigitModel.Classes];
        var failed = 0;
        foreach (var path in paths)
        {
            try
            {
                var (rgba, width, height) = ImageFile.ReadRgba(path);
                if (!preprocessor.FromImage(rgba, width, height, 4, input))
                    throw new InvalidDataException("no ink found (a blank image)");
                model.Predict(input, logits);
                var digit = DigitModel.Softmax(logits, probabilities);
                var list = string.Join(" ", probabilities.Select((p, d) => string.Create(CultureInfo.InvariantCulture, $"{d}:{p:F3}")));
                output.WriteLine($"{TerminalText.Escape(path)}: {digit}  ({(preprocessor.LightBackground ? "light" : "dark")} background)  {list}");
            }
            catch (Exception e)
            {
                // Whatever one image does (unreadable, too large, undecodable), the rest are still classified.
                errors.WriteLine($"myelin: classify: '{path}': {e.Message}");
                failed++;
            }
        }
        return failed == 0 ? 0 : Cli.Failure;
    }
}
