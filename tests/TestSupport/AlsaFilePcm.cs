using System.Buffers.Binary;

namespace Saarthi.TestSupport;

/// <summary>
/// Two ALSA <c>file</c> PCMs over the <c>null</c> slave, defined in a configuration file of their own in a fresh temp
/// directory: <see cref="PlaybackDevice"/> writes what is played to <see cref="OutputPath"/> (raw S16_LE), and
/// <see cref="CaptureDevice"/> reads what is captured from <see cref="InputPath"/>. Real libasound, no sound card.
/// The null slave has no clock: reads and writes return at once.
/// </summary>
public sealed class AlsaFilePcm : IDisposable
{
    public const string PlaybackDevice = "saarthi_test_out";
    public const string CaptureDevice = "saarthi_test_in";
    public const string WavPlaybackDevice = "saarthi_test_wav";

    public AlsaFilePcm()
    {
        Directory = Path.Combine(Path.GetTempPath(), "saarthi-alsa-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        OutputPath = Path.Combine(Directory, "out.raw");
        InputPath = Path.Combine(Directory, "in.raw");
        WavOutputPath = Path.Combine(Directory, "out.wav");
        ConfigPath = Path.Combine(Directory, "asound.conf");
        File.WriteAllText(ConfigPath, $$"""
            pcm.{{PlaybackDevice}} {
                type file
                slave.pcm "null"
                file "{{OutputPath}}"
                format "raw"
            }
            pcm.{{WavPlaybackDevice}} {
                type file
                slave.pcm "null"
                file "{{WavOutputPath}}"
                format "wav"
            }
            pcm.{{CaptureDevice}} {
                type file
                slave.pcm "null"
                file "/dev/null"
                infile "{{InputPath}}"
                format "raw"
            }
            """);
    }

    public string Directory { get; }

    public string ConfigPath { get; }

    public string OutputPath { get; }

    public string InputPath { get; }

    /// <summary>Where <see cref="WavPlaybackDevice"/> writes a WAV file.</summary>
    public string WavOutputPath { get; }

    /// <summary>What the capture device will deliver, from its start, the next time it is opened.</summary>
    public void WriteInput(ReadOnlySpan<short> samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), samples[i]);
        }

        File.WriteAllBytes(InputPath, bytes);
    }

    /// <summary>Everything played so far (empty when nothing was).</summary>
    public short[] ReadOutput()
    {
        if (!File.Exists(OutputPath))
        {
            return [];
        }

        byte[] bytes;
        using (var stream = new FileStream(OutputPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        var samples = new short[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2));
        }

        return samples;
    }

    /// <summary>A tone at <paramref name="hz"/> Hz, amplitude 8000, for <paramref name="count"/> samples at <paramref name="rate"/>.</summary>
    public static short[] Tone(int hz, int count, int rate = 8000)
    {
        var s = new short[count];
        for (var i = 0; i < count; i++)
        {
            s[i] = (short)Math.Round(8000 * Math.Sin(2 * Math.PI * hz * i / rate));
        }

        return s;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
