using Saarthi.Dialogue.Answers;
using Saarthi.Speech.Audio;
using Saarthi.Telephony;

namespace Saarthi.Appliance.Call;

/// <summary>
/// What a newcomer hears while the kiosk is busy with another caller: the line is answered, "Saarthi is talking to
/// someone else right now. Please try again in a few minutes." is said once in the default language, and the line is
/// hung up. The prompt comes from the prompt cache (synthesised at start-up), else from the voice.
/// </summary>
internal static class BusyPrompt
{
    private const int LineRate = 8000;
    internal const string Key = "call.busy";

    internal static async Task PlayAsync(ICallLine line, CallServices services, CallOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        var language = options.DefaultLanguage;
        try
        {
            await line.AnswerAsync(cancellationToken).ConfigureAwait(false);
            if (services.Prompts?.TryGet(Key, language, out var cached) == true)
            {
                await line.PlayAsync(ToLineRate(cached), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var text = PromptCatalog.Get(language, Key);
                await foreach (var frame in services.TextToSpeech.SynthesizeAsync(text, language, cancellationToken).ConfigureAwait(false))
                {
                    await line.PlayAsync(ToLineRate(frame), cancellationToken).ConfigureAwait(false);
                }
            }

            log($"host: {line.Name}: busy prompt said");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log($"host: {line.Name}: the newcomer hung up during the busy prompt");
        }
        catch (Exception e)
        {
            // Whatever went wrong, it ends here: a newcomer's busy prompt must never disturb the call in progress.
            log($"host: {line.Name}: busy prompt failed: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            try
            {
                await line.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                log($"host: {line.Name}: hang-up after the busy prompt failed: {e.Message}");
            }
        }
    }

    private static AudioFrame ToLineRate(AudioFrame frame)
    {
        if (frame.Format.SampleRate == LineRate && frame.Format.Channels == 1) return frame;
        var mono = frame.ToMono();
        return new AudioFrame(AudioFormat.Telephone8k, Resampler.Resample(mono.Samples.Span, mono.Format.SampleRate, LineRate), frame.Timestamp);
    }
}
