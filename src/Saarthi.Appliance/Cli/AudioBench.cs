using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Saarthi.Speech.Audio;
using Saarthi.Telephony.Handset;

namespace Saarthi.Appliance.Cli;

/// <summary>
/// `bench --audio [--seconds N]`: the cost of the handset's audio path and hook switch, through real libasound with
/// file-backed PCMs (no sound card needed): playback and capture of N seconds of 8 kHz audio in 20 ms frames (how many
/// times faster than real time, CPU per frame, whether every sample arrived intact), and the delay from a bouncing lift
/// to the debounced state. Figures, not pass/fail. On a board the sound card's clock paces the same code in real time.
/// </summary>
public static class AudioBench
{
    private const string PlaybackDevice = "saarthi_bench_out";
    private const string CaptureDevice = "saarthi_bench_in";

    public static int Run(Args args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        int seconds = Math.Clamp(args.GetInt("seconds", 60), 1, 3600);
        var dir = Directory.CreateTempSubdirectory("saarthi-audio-bench-");
        try
        {
            var config = WriteConfig(dir.FullName);
            var options = new AlsaDeviceOptions { ConfigFile = config };
            output.WriteLine($"libasound {Native.Interop.Alsa.AlsaPcm.LibraryVersion}, file PCMs over the null slave (no clock: as fast as the CPU), {seconds} s of 8 kHz mono in 20 ms frames");
            var tone = Tone(seconds * 8000);
            BenchPlayback(options, tone, Path.Combine(dir.FullName, "out.raw"), output);
            BenchCapture(options, tone, Path.Combine(dir.FullName, "in.raw"), output);
            BenchHook(output);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS: {BenchCommand.PeakRssMb():F1} MB (VmHWM)"));
            return 0;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void BenchPlayback(AlsaDeviceOptions options, short[] tone, string file, TextWriter output)
    {
        var frames = AudioFrame.Split(AudioFormat.Telephone8k, tone, TimeSpan.FromMilliseconds(20)).ToList();
        var (wall, cpu) = Measure(() =>
        {
            using var speaker = AlsaPlaybackDevice.Open(PlaybackDevice, options);
            foreach (var frame in frames) speaker.PlayAsync(frame).GetAwaiter().GetResult();
            speaker.Drain();
        });
        var intact = File.ReadAllBytes(file).AsSpan().SequenceEqual(Bytes(tone));
        output.WriteLine(Line("playback", frames.Count, tone.Length / 8000.0, wall, cpu, intact));
    }

    private static void BenchCapture(AlsaDeviceOptions options, short[] tone, string file, TextWriter output)
    {
        File.WriteAllBytes(file, Bytes(tone));
        var got = new short[tone.Length];
        int count = 0;
        var (wall, cpu) = Measure(() =>
        {
            using var microphone = AlsaCaptureDevice.Open(CaptureDevice, options);
            int at = 0;
            foreach (var frame in microphone.ReadFramesAsync().ToBlockingEnumerable())
            {
                frame.Samples.Span.CopyTo(got.AsSpan(at));
                at += frame.Samples.Length;
                count++;
                if (at >= got.Length) break;
            }
        });
        output.WriteLine(Line("capture", count, tone.Length / 8000.0, wall, cpu, got.AsSpan().SequenceEqual(tone)));
    }

    private static void BenchHook(TextWriter output)
    {
        // A lift whose contact bounces five times over 6 ms, twenty times over: from the last edge to the debounced state.
        const int lifts = 20;
        var line = new BenchLine();
        var hook = new HookSwitch(line);
        var delays = new List<double>();
        int wrong = 0;
        using var stop = new CancellationTokenSource();
        var changes = hook.ChangesAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        changes.MoveNextAsync().AsTask().GetAwaiter().GetResult(); // the state at start
        for (int i = 0; i < lifts; i++)
        {
            bool to = i % 2 == 0;
            var started = Stopwatch.GetTimestamp();
            line.Bounce(to);
            changes.MoveNextAsync().AsTask().GetAwaiter().GetResult();
            delays.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (changes.Current != (to ? HookState.OffHook : HookState.OnHook)) wrong++;
        }

        stop.Cancel();
        try { changes.DisposeAsync().AsTask().GetAwaiter().GetResult(); } catch (OperationCanceledException) { }
        delays.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hook switch: {lifts} bouncing lifts/put-downs, {hook.Debounce.TotalMilliseconds:F0} ms debounce: last edge to debounced state p50 {BenchCommand.Percentile(delays, 50):F1} ms, max {delays[^1]:F1} ms; {(wrong == 0 ? "one change each" : $"{wrong} changes out of order (bounce leaked through)")}"));
    }

    private static string Line(string what, int frames, double audioSeconds, TimeSpan wall, TimeSpan cpu, bool intact) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{what}: {frames} frames in {wall.TotalMilliseconds:F0} ms ({audioSeconds / wall.TotalSeconds:F0}x real time), CPU {cpu.TotalMilliseconds * 1000 / frames:F1} µs per 20 ms frame ({cpu.TotalSeconds / audioSeconds * 100:F3} % of one core in a call); samples intact: {(intact ? "yes" : "NO")}");

    private static (TimeSpan Wall, TimeSpan Cpu) Measure(Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        action();
        wall.Stop();
        process.Refresh();
        return (wall.Elapsed, process.TotalProcessorTime - cpu);
    }

    private static string WriteConfig(string dir)
    {
        var path = Path.Combine(dir, "asound.conf");
        File.WriteAllText(path, $$"""
            pcm.{{PlaybackDevice}} { type file; slave.pcm "null"; file "{{Path.Combine(dir, "out.raw")}}"; format "raw" }
            pcm.{{CaptureDevice}} { type file; slave.pcm "null"; file "/dev/null"; infile "{{Path.Combine(dir, "in.raw")}}"; format "raw" }
            """);
        return path;
    }

    private static short[] Tone(int count)
    {
        var s = new short[count];
        for (int i = 0; i < count; i++) s[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000));
        return s;
    }

    private static byte[] Bytes(short[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length); // little-endian on every target (x64, arm64)
        return bytes;
    }

    /// <summary>A hook line in memory, for timing the debounce without a GPIO chip.</summary>
    private sealed class BenchLine : IGpioLine
    {
        private readonly Channel<GpioEdge[]> _batches = Channel.CreateUnbounded<GpioEdge[]>();
        private TimeSpan _clock;

        public string Name => "bench";

        public bool Read() => false;

        public void Bounce(bool to)
        {
            _clock += TimeSpan.FromSeconds(1);
            var ms = new[] { 0, 1, 3, 4, 6 };
            _batches.Writer.TryWrite([.. ms.Select((m, i) => new GpioEdge(i % 2 == 0 ? to : !to, _clock + TimeSpan.FromMilliseconds(m)))]);
        }

        public async IAsyncEnumerable<GpioEdge> EdgesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                foreach (var edge in batch) yield return edge;
        }

        public void Dispose() => _batches.Writer.TryComplete();
    }
}
