using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Alsa;

/// <summary>
/// Raw imports from Debian's <c>libasound.so.2</c> (alsa-lib 1.2.8), <c>alsa/pcm.h</c>, <c>conf.h</c>, <c>input.h</c>
/// and <c>error.h</c>. C names on purpose. <c>snd_pcm_uframes_t</c> is <see cref="nuint"/> and <c>snd_pcm_sframes_t</c>
/// is <see cref="nint"/> (C <c>unsigned long</c>/<c>long</c> on LP64 Linux, x64 and arm64 alike).
/// </summary>
internal static unsafe partial class AlsaNative
{
    // snd_pcm_stream_t
    internal const int SND_PCM_STREAM_PLAYBACK = 0;
    internal const int SND_PCM_STREAM_CAPTURE = 1;

    // open mode
    internal const int SND_PCM_NONBLOCK = 0x1;

    // snd_pcm_access_t / snd_pcm_format_t
    internal const int SND_PCM_ACCESS_RW_INTERLEAVED = 3;
    internal const int SND_PCM_FORMAT_S16_LE = 2;

    // snd_pcm_state_t
    internal const int SND_PCM_STATE_OPEN = 0;
    internal const int SND_PCM_STATE_SETUP = 1;
    internal const int SND_PCM_STATE_PREPARED = 2;
    internal const int SND_PCM_STATE_RUNNING = 3;
    internal const int SND_PCM_STATE_XRUN = 4;
    internal const int SND_PCM_STATE_DRAINING = 5;
    internal const int SND_PCM_STATE_PAUSED = 6;
    internal const int SND_PCM_STATE_SUSPENDED = 7;
    internal const int SND_PCM_STATE_DISCONNECTED = 8;

    // errno values alsa-lib returns negated (Linux numbering, the same on x64 and arm64)
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int EAGAIN = 11;
    internal const int EBUSY = 16;
    internal const int ENODEV = 19;
    internal const int EINVAL = 22;
    internal const int EPIPE = 32;
    internal const int ESTRPIPE = 86;

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial byte* snd_asoundlib_version();

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial byte* snd_strerror(int errnum);

    /// <summary>
    /// <c>int snd_lib_error_set_handler(snd_lib_error_handler_t handler)</c>; the handler is variadic in C
    /// (<c>file, line, function, err, fmt, ...</c>): ours reads only the fixed arguments.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_lib_error_set_handler(delegate* unmanaged[Cdecl]<byte*, int, byte*, int, byte*, void> handler);

    // ---- PCM ---------------------------------------------------------------------------------------------------

    [LibraryImport(NativeLibraryNames.Asound, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int snd_pcm_open(out SafeAlsaPcmHandle pcm, string name, int stream, int mode);

    [LibraryImport(NativeLibraryNames.Asound, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int snd_pcm_open_lconf(out SafeAlsaPcmHandle pcm, string name, int stream, int mode, SafeAlsaConfigHandle lconf);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_close(nint pcm);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial byte* snd_pcm_name(SafeAlsaPcmHandle pcm);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_state(SafeAlsaPcmHandle pcm);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_nonblock(SafeAlsaPcmHandle pcm, int nonblock);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_prepare(SafeAlsaPcmHandle pcm);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_start(SafeAlsaPcmHandle pcm);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_drain(SafeAlsaPcmHandle pcm);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_drop(SafeAlsaPcmHandle pcm);

    /// <summary><c>int snd_pcm_wait(snd_pcm_t *pcm, int timeout)</c>: 1 ready, 0 timed out, negative error (xrun, suspend).</summary>
    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_wait(SafeAlsaPcmHandle pcm, int timeout);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial nint snd_pcm_readi(SafeAlsaPcmHandle pcm, void* buffer, nuint size);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial nint snd_pcm_writei(SafeAlsaPcmHandle pcm, void* buffer, nuint size);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_recover(SafeAlsaPcmHandle pcm, int err, int silent);

    // ---- hardware parameters -----------------------------------------------------------------------------------

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_hw_params_malloc(out SafeAlsaHwParamsHandle ptr);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial void snd_pcm_hw_params_free(nint obj);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_hw_params_any(SafeAlsaPcmHandle pcm, SafeAlsaHwParamsHandle parameters);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_hw_params_set_access(SafeAlsaPcmHandle pcm, SafeAlsaHwParamsHandle parameters, int access);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_hw_params_set_format(SafeAlsaPcmHandle pcm, SafeAlsaHwParamsHandle parameters, int format);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_hw_params_set_channels(SafeAlsaPcmHandle pcm, SafeAlsaHwParamsHandle parameters, uint val);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_hw_params_set_rate_resample(SafeAlsaPcmHandle pcm, SafeAlsaHwParamsHandle parameters, uint val);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_hw_params_set_rate(SafeAlsaPcmHandle pcm, SafeAlsaHwParamsHandle parameters, uint val, int dir);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_hw_params_set_period_size_near(SafeAlsaPcmHandle pcm, SafeAlsaHwParamsHandle parameters, nuint* val, int* dir);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_hw_params_set_buffer_size_near(SafeAlsaPcmHandle pcm, SafeAlsaHwParamsHandle parameters, nuint* val);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_hw_params(SafeAlsaPcmHandle pcm, SafeAlsaHwParamsHandle parameters);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_hw_params_get_period_size(SafeAlsaHwParamsHandle parameters, nuint* val, int* dir);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_hw_params_get_buffer_size(SafeAlsaHwParamsHandle parameters, nuint* val);

    // ---- software parameters -----------------------------------------------------------------------------------

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_sw_params_malloc(out SafeAlsaSwParamsHandle ptr);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial void snd_pcm_sw_params_free(nint obj);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_sw_params_current(SafeAlsaPcmHandle pcm, SafeAlsaSwParamsHandle parameters);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_sw_params_set_start_threshold(SafeAlsaPcmHandle pcm, SafeAlsaSwParamsHandle parameters, nuint val);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_sw_params_set_avail_min(SafeAlsaPcmHandle pcm, SafeAlsaSwParamsHandle parameters, nuint val);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_pcm_sw_params(SafeAlsaPcmHandle pcm, SafeAlsaSwParamsHandle parameters);

    // ---- configuration (a device file of one's own, without ALSA_CONFIG_PATH) ------------------------------------

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_config_update_ref(out nint top);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial void snd_config_unref(nint top);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_config_copy(out SafeAlsaConfigHandle dst, nint src);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_config_delete(nint config);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_config_load(SafeAlsaConfigHandle config, nint input);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_input_buffer_open(out nint input, byte* buffer, nint size);

    [LibraryImport(NativeLibraryNames.Asound)]
    internal static partial int snd_input_close(nint input);
}
