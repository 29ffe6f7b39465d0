using System.Collections.Concurrent;
using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Tts;

/// <summary>
/// Fixed prompts (greeting, "I'm listening", goodbye, "sorry, please repeat"…) synthesised once per language at
/// start-up: they play instantly, and they are what the caller hears when synthesis of an answer fails.
/// </summary>
public sealed class PromptCache
{
    private readonly ConcurrentDictionary<(string Language, string Key), AudioFrame> _audio = new();

    public int Count => _audio.Count;

    /// <summary>Synthesises every prompt; a prompt that fails is skipped and reported through <paramref name="failed"/>.</summary>
    public async Task WarmUpAsync(ITextToSpeech tts, IEnumerable<(string Key, string Language, string Text)> prompts,
        Action<string, string, Exception>? failed = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tts);
        ArgumentNullException.ThrowIfNull(prompts);
        foreach (var (key, language, text) in prompts)
        {
            if (!tts.Supports(language)) continue;
            try
            {
                var frames = new List<AudioFrame>();
                await foreach (var f in tts.SynthesizeAsync(text, language, cancellationToken).ConfigureAwait(false)) frames.Add(f);
                if (frames.Count > 0) _audio[(language, key)] = Join(frames);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed?.Invoke(key, language, e);
            }
        }
    }

    /// <summary>The prompt in <paramref name="language"/>, else Hindi, else English.</summary>
    public bool TryGet(string key, string language, out AudioFrame audio)
    {
        foreach (var lang in new[] { language, "hi", "en" })
            if (_audio.TryGetValue((lang, key), out audio)) return true;
        audio = default;
        return false;
    }

    private static AudioFrame Join(List<AudioFrame> frames)
    {
        if (frames.Count == 1) return frames[0] with { };
        var all = new short[frames.Sum(f => f.Samples.Length)];
        int at = 0;
        foreach (var f in frames)
        {
            f.Samples.Span.CopyTo(all.AsSpan(at));
            at += f.Samples.Length;
        }
        return new AudioFrame(frames[0].Format, all, TimeSpan.Zero);
    }
}
