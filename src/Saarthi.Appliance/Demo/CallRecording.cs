using Saarthi.Speech.Audio;

namespace Saarthi.Appliance.Demo;

/// <summary>Both directions of a call in one stereo WAV: left the caller, right the kiosk, each at its time in the call.</summary>
public static class CallRecording
{
    public static TimeSpan Write(string path, IReadOnlyList<(TimeSpan At, AudioFrame Frame)> caller, IReadOnlyList<(TimeSpan At, AudioFrame Frame)> kiosk)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(kiosk);
        const int rate = 8000;
        var end = caller.Concat(kiosk).Select(x => x.At + x.Frame.Duration).DefaultIfEmpty(TimeSpan.Zero).Max();
        int frames = (int)Math.Ceiling(end.TotalSeconds * rate);
        var stereo = new short[frames * 2];
        void Place(IReadOnlyList<(TimeSpan At, AudioFrame Frame)> side, int channel)
        {
            // Kiosk frames arrive in bursts ahead of real time; lay them end to end from each burst's arrival.
            int cursor = 0;
            foreach (var (at, frame) in side)
            {
                var mono = frame.Format.SampleRate == rate ? frame.ToMono() : new AudioFrame(AudioFormat.Telephone8k, Resampler.Resample(frame.ToMono().Samples.Span, frame.Format.SampleRate, rate), at);
                int start = Math.Max(cursor, (int)(at.TotalSeconds * rate));
                var s = mono.Samples.Span;
                for (int i = 0; i < s.Length && start + i < frames; i++) stereo[(start + i) * 2 + channel] = s[i];
                cursor = start + s.Length;
            }
        }
        Place(caller, 0);
        Place(kiosk, 1);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        WavFile.Write(path, new AudioFormat(rate, 2, 16), stereo);
        return end;
    }
}
