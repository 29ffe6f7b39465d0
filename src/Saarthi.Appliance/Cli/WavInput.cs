using Saarthi.Speech.Audio;

namespace Saarthi.Appliance.Cli;

/// <summary>A recording named on the command line, read with one clear message for each way it can be wrong.</summary>
public static class WavInput
{
    /// <summary>The audio as mono, or null after telling <paramref name="error"/> why (missing, not a WAV, empty); a truncated file is read as far as it goes.</summary>
    public static AudioFrame? Read(string verb, string path, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        WavData wav;
        try
        {
            wav = WavFile.Read(path);
        }
        catch (Exception e) when (e is AudioFormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"saarthi {verb}: {path}: {e.Message}");
            return null;
        }
        if (wav.Samples.Length == 0)
        {
            error.WriteLine($"saarthi {verb}: {path} holds no audio");
            return null;
        }
        if (wav.Truncated) error.WriteLine($"saarthi {verb}: {path} is truncated; using the {wav.Duration.TotalSeconds:F1} s that are there");
        return wav.ToFrame().ToMono();
    }
}
