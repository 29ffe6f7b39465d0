using System.Diagnostics;
using Saarthi.Appliance.Call;
using Saarthi.Knowledge;
using Saarthi.Speech.Audio;

namespace Saarthi.Appliance.Cli;

/// <summary>`hear [--lang L] [--json] [--whisper MODEL] in.wav`: what the kiosk's recogniser makes of a recording.</summary>
public static class HearCommand
{
    public static async Task<int> RunAsync(Args args, IKnowledgeBase knowledge, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var path = args.Positional.Count > 0 ? args.Positional[0] : throw new UsageException("usage: saarthi hear [--lang L] [--json] [--whisper MODEL.bin] in.wav");
        if (WavInput.Read("hear", path, error) is not { } audio) return 2;
        var lang = args.Get("lang");
        using var stt = CallServicesFactory.CreateSpeechToText(knowledge, new CallOptions(), m => error.WriteLine(m), args.Get("whisper"));
        var sw = Stopwatch.StartNew();
        var t = await stt.TranscribeAsync(audio, lang, cancellationToken).ConfigureAwait(false);
        if (args.Has("json"))
            output.WriteLine(Json.Line(new { t.Text, Confidence = Math.Round(t.Confidence, 3), t.Language, t.Engine, LatencyMs = Math.Round(sw.Elapsed.TotalMilliseconds, 1), AudioS = Math.Round(t.AudioDuration.TotalSeconds, 2) }));
        else output.WriteLine(t.Text);
        return 0;
    }
}
