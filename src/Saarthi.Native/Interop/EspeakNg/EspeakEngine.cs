using System.Runtime.InteropServices;
using System.Text;

namespace Saarthi.Native.Interop.EspeakNg;

/// <summary>
/// espeak-ng in synchronous mode: text in, 16-bit mono PCM out. espeak-ng is process-global and not thread-safe,
/// so every call is serialized on one lock. Audio arrives through an <see cref="UnmanagedCallersOnlyAttribute"/>
/// callback that finds its buffer through a <see cref="GCHandle"/> passed as espeak's user data.
/// </summary>
public static unsafe class EspeakEngine
{
    private static readonly Lock Gate = new();
    private static int sampleRate;

    [ThreadStatic]
    private static bool lastSynthesisAborted;

    /// <summary>
    /// Whether the last synthesis on this thread was stopped from inside the callback (cancellation reached native
    /// code). Per thread: syntheses on other threads must not change what this thread's caller sees.
    /// </summary>
    internal static bool LastSynthesisAborted => lastSynthesisAborted;

    /// <summary>The output sample rate (22050 Hz for espeak-ng 1.51). Initializes espeak-ng on first use.</summary>
    public static int SampleRate
    {
        get
        {
            lock (Gate)
            {
                EnsureInitialized();
                return sampleRate;
            }
        }
    }

    /// <summary>The library version and data folder, e.g. <c>1.51</c> and <c>/usr/lib/x86_64-linux-gnu/espeak-ng-data</c>.</summary>
    public static (string Version, string DataPath) Info
    {
        get
        {
            lock (Gate)
            {
                EnsureInitialized();
                byte* path = null;
                var version = EspeakNative.espeak_Info(&path);
                return (Marshal.PtrToStringUTF8((nint)version) ?? string.Empty, Marshal.PtrToStringUTF8((nint)path) ?? string.Empty);
            }
        }
    }

    /// <summary>
    /// Speaks <paramref name="text"/> with the espeak-ng voice <paramref name="voice"/> (e.g. <c>hi</c>) at
    /// <paramref name="wordsPerMinute"/> (clamped to 80..450). Blocks; returns samples at <see cref="SampleRate"/>.
    /// </summary>
    /// <exception cref="EspeakException">espeak-ng failed (unknown voice, missing data).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; synthesis was aborted.</exception>
    public static short[] Synthesize(string text, string voice, int wordsPerMinute, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(voice);
        cancellationToken.ThrowIfCancellationRequested();
        var utf8 = new byte[Encoding.UTF8.GetByteCount(text) + 1]; // NUL-terminated
        Encoding.UTF8.GetBytes(text, utf8);

        lock (Gate)
        {
            EnsureInitialized();
            EspeakException.ThrowIfError(EspeakNative.espeak_SetVoiceByName(voice), $"espeak_SetVoiceByName(\"{voice}\")");
            var rate = Math.Clamp(wordsPerMinute, EspeakNative.espeakRATE_MINIMUM, EspeakNative.espeakRATE_MAXIMUM);
            EspeakException.ThrowIfError(EspeakNative.espeak_SetParameter(EspeakNative.espeakRATE, rate, 0), "espeak_SetParameter(espeakRATE)");

            var sink = new SynthesisSink(cancellationToken);
            var handle = GCHandle.Alloc(sink);
            try
            {
                int rc;
                fixed (byte* p = utf8)
                {
                    rc = EspeakNative.espeak_Synth(
                        p,
                        (nuint)utf8.Length,
                        0,
                        EspeakNative.POS_CHARACTER,
                        0,
                        EspeakNative.espeakCHARS_UTF8 | EspeakNative.espeakENDPAUSE,
                        null,
                        (void*)GCHandle.ToIntPtr(handle));
                }

                lastSynthesisAborted = sink.Aborted;

                if (sink.Error is { } error)
                {
                    throw new EspeakException("espeak_Synth callback", EspeakNative.EE_INTERNAL_ERROR, error.Message);
                }

                cancellationToken.ThrowIfCancellationRequested();
                EspeakException.ThrowIfError(rc, "espeak_Synth");
                return sink.ToArray();
            }
            finally
            {
                handle.Free();
            }
        }
    }

    private static void EnsureInitialized()
    {
        if (sampleRate > 0)
        {
            return;
        }

        // DONT_EXIT: without it espeak-ng calls exit(1) when its data folder is missing.
        var rate = EspeakNative.espeak_Initialize(EspeakNative.AUDIO_OUTPUT_SYNCHRONOUS, 0, null, EspeakNative.espeakINITIALIZE_DONT_EXIT);
        EspeakException.ThrowIfError(rate > 0 ? EspeakNative.EE_OK : EspeakNative.EE_INTERNAL_ERROR, "espeak_Initialize");
        EspeakNative.espeak_SetSynthCallback(&OnSynth);
        sampleRate = rate;
    }

    /// <summary>Called by espeak-ng on the synthesizing thread. Never lets an exception escape into native code.</summary>
    [UnmanagedCallersOnly]
    private static int OnSynth(short* wav, int numSamples, espeak_EVENT* events)
    {
        SynthesisSink? sink = null;
        try
        {
            if (events is null || events->user_data == 0 || GCHandle.FromIntPtr(events->user_data).Target is not SynthesisSink found)
            {
                return 0;
            }

            sink = found;
            if (sink.Token.IsCancellationRequested)
            {
                sink.Aborted = true;
                return 1;
            }

            if (wav is not null && numSamples > 0)
            {
                sink.Append(new ReadOnlySpan<short>(wav, numSamples));
            }

            return 0;
        }
        catch (Exception ex)
        {
            if (sink is not null)
            {
                sink.Error = ex;
                sink.Aborted = true;
            }

            return 1;
        }
    }

    private sealed class SynthesisSink(CancellationToken token)
    {
        private short[] buffer = new short[22050];

        public CancellationToken Token { get; } = token;

        public int Count { get; private set; }

        public Exception? Error { get; set; }

        public bool Aborted { get; set; }

        public void Append(ReadOnlySpan<short> samples)
        {
            if (Count + samples.Length > buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Count + samples.Length));
            }

            samples.CopyTo(buffer.AsSpan(Count));
            Count += samples.Length;
        }

        public short[] ToArray() => buffer.AsSpan(0, Count).ToArray();
    }
}
