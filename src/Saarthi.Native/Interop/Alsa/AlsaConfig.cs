using System.Text;

namespace Saarthi.Native.Interop.Alsa;

/// <summary>
/// The system's ALSA configuration (alsa.conf, /etc/asound.conf, ~/.asoundrc) plus a file of one's own, for opening
/// a PCM defined in that file (<c>snd_pcm_open_lconf</c>). It does what <c>ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:my.conf</c>
/// does, but per device instead of per process: libasound reads that variable with <c>getenv</c>, which .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not change, and a process-wide setting could
/// not give two tests running side by side two different files.
/// </summary>
public sealed class AlsaConfig : IDisposable
{
    private AlsaConfig(SafeAlsaConfigHandle handle, string source)
    {
        Handle = handle;
        Source = source;
    }

    /// <summary>Where the extra definitions came from (a path, or "inline text").</summary>
    public string Source { get; }

    internal SafeAlsaConfigHandle Handle { get; }

    /// <summary>The system configuration plus the definitions in the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AlsaException">The file is not valid ALSA configuration syntax.</exception>
    public static AlsaConfig FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ALSA configuration file not found: {path}", path);
        }

        return Load(File.ReadAllText(path), path);
    }

    /// <summary>The system configuration plus <paramref name="text"/> (ALSA configuration syntax).</summary>
    public static AlsaConfig FromText(string text) => Load(text ?? throw new ArgumentNullException(nameof(text)), "inline text");

    private static unsafe AlsaConfig Load(string text, string source)
    {
        AlsaLibLog.Install();
        AlsaLibLog.Clear();
        AlsaException.ThrowIfError(AlsaNative.snd_config_update_ref(out var top), "snd_config_update_ref (reading the system ALSA configuration)");
        SafeAlsaConfigHandle copy;
        try
        {
            AlsaException.ThrowIfError(AlsaNative.snd_config_copy(out copy, top), "snd_config_copy");
        }
        finally
        {
            AlsaNative.snd_config_unref(top);
        }

        try
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            fixed (byte* p = bytes)
            {
                AlsaException.ThrowIfError(AlsaNative.snd_input_buffer_open(out var input, p, bytes.Length), "snd_input_buffer_open");
                try
                {
                    AlsaException.ThrowIfError(AlsaNative.snd_config_load(copy, input), $"snd_config_load ({source})");
                }
                finally
                {
                    // Closing a memory buffer input only frees it; it has no failure worth reporting.
                    _ = AlsaNative.snd_input_close(input);
                }
            }

            return new AlsaConfig(copy, source);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    public void Dispose() => Handle.Dispose();
}
