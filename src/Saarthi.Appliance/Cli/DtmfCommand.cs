using Saarthi.Speech.Audio;
using Saarthi.Speech.Dtmf;

namespace Saarthi.Appliance.Cli;

/// <summary>`dtmf in.wav [--json]`: the key presses in a recording.</summary>
public static class DtmfCommand
{
    public static int Run(Args args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var path = args.Positional.Count > 0 ? args.Positional[0] : throw new UsageException("usage: saarthi dtmf in.wav [--json]");
        if (WavInput.Read("dtmf", path, error) is not { } frame) return 2;
        var detector = new DtmfDetector(frame.Format.SampleRate);
        var digits = detector.Process(frame);
        if (args.Has("json"))
            output.WriteLine(Json.Line(new { Digits = new string(digits.Select(d => d.Key).ToArray()), Presses = digits.Select(d => new { d.Key, AtMs = (long)d.Timestamp.TotalMilliseconds }) }));
        else output.WriteLine(new string(digits.Select(d => d.Key).ToArray()));
        return 0;
    }
}
