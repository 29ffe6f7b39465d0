using System.Diagnostics;

namespace Saarthi.Native.Tests.Interop;

/// <summary>
/// Test speech for the recogniser and VAD bindings: espeak-ng (the Debian CLI) speaks, sox (Debian) converts to raw
/// 16 kHz 16-bit mono, with silence around it as pocketsphinx and endpointing want.
/// </summary>
internal static class PocketsphinxTestAudio
{
    public const int SampleRate = 16000;

    /// <summary>Speech for <paramref name="text"/> at 16 kHz with <paramref name="padSeconds"/> of silence on both sides.</summary>
    public static short[] Speak(string text, double padSeconds = 0.3, string voice = "en-us")
    {
        var dir = Path.Combine(Path.GetTempPath(), "saarthi-native-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var wav = Path.Combine(dir, "speech.wav");
            var raw = Path.Combine(dir, "speech.raw");
            Run("espeak-ng", "-v", voice, "-w", wav, text);
            var pad = padSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            Run("sox", wav, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw", raw, "pad", pad, pad);
            var bytes = File.ReadAllBytes(raw);
            var samples = new short[bytes.Length / 2];
            Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
            return samples;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Seeded Gaussian white noise with RMS <paramref name="rmsDbfs"/> (dB relative to full scale).</summary>
    public static short[] Noise(int count, double rmsDbfs, int seed = 7)
    {
        var random = new Random(seed);
        var rms = Math.Pow(10, rmsDbfs / 20) * 32768;
        var x = new short[count];
        for (var i = 0; i < count; i++)
        {
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            x[i] = (short)Math.Clamp(Math.Round(g * rms), short.MinValue, short.MaxValue);
        }

        return x;
    }

    public static float[] ToFloat(ReadOnlySpan<short> samples)
    {
        var f = new float[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            f[i] = samples[i] / 32768f;
        }

        return f;
    }

    private static void Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}");
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited {p.ExitCode}: {stderr.Result}");
        }
    }
}
