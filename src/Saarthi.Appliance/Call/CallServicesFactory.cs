using Saarthi.Dialogue;
using Saarthi.Dialogue.Answers;
using Saarthi.Dialogue.Llm;
using Saarthi.Knowledge;
using Saarthi.Knowledge.Callers;
using Saarthi.Speech.Stt;
using Saarthi.Speech.Stt.Grammar;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Tts;
using Saarthi.Speech.Vad;

namespace Saarthi.Appliance.Call;

/// <summary>
/// Builds the engines of a call from what is installed: whisper.cpp when a model is provisioned, else pocketsphinx
/// (English) with a grammar made from the current snapshot; Silero voice activity detection when its model loads, else
/// energy; a provisioned Piper voice per language, else espeak-ng; the prompt cache warmed for the offered languages; the
/// language model when one is given. Says which it chose, and warms the recogniser and the dialogue so the first caller
/// does not wait for them.
/// </summary>
public static class CallServicesFactory
{
    public static Task<CallServices> CreateAsync(IKnowledgeBase knowledge, CallOptions options, string dataDirectory, Action<string> log,
        string? whisperModel = null, CancellationToken cancellationToken = default) =>
        CreateAsync(knowledge, options, dataDirectory, log, whisperModel, null, cancellationToken);

    /// <summary>As above, with the language model <paramref name="llm"/> opened (the dialogue then uses it for each turn).</summary>
    public static async Task<CallServices> CreateAsync(IKnowledgeBase knowledge, CallOptions options, string dataDirectory, Action<string> log,
        string? whisperModel, LlmSetup? llm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var dialogue = CreateDialogue(knowledge, options, llm);
        if (llm is { Requested: true }) log(llm.Model is null ? $"language model: none, answers from the templates ({llm.Status})" : $"language model: {llm.Model.Info.Name}");
        var stt = CreateSpeechToText(knowledge, options, log, whisperModel);
        var vad = VoiceActivityDetection.CreateDefault(8000, log);
        var tts = TextToSpeechSelection.Create(new TextToSpeechOptions(), log);
        await WarmUpAsync(dialogue, stt, options.DefaultLanguage, cancellationToken).ConfigureAwait(false);

        var prompts = new PromptCache();
        var languages = options.LanguageKeys.Values.Append(options.DefaultLanguage).Append("en").Distinct().ToList();
        var keys = new[] { "call.welcome", "call.how_to_ask", "call.listening", "call.still_there", "call.please_repeat", "call.category_menu",
            "call.sms_offer", "call.technical_problem", "call.silence_goodbye", "call.max_length", "call.busy", "goodbye" };
        await prompts.WarmUpAsync(tts, languages.SelectMany(l => keys.Select(k => (k, l, PromptCatalog.Get(l, k)))),
            (k, l, e) => log($"prompts: could not prepare {k} ({l}): {e.Message}"), cancellationToken).ConfigureAwait(false);
        log($"prompts: {prompts.Count} fixed prompts ready in {string.Join(", ", languages)}");

        Directory.CreateDirectory(dataDirectory);
        return new CallServices
        {
            Dialogue = dialogue,
            SpeechToText = stt,
            TextToSpeech = tts,
            VoiceActivity = vad,
            Prompts = prompts,
            CallerIds = CallerIdHasher.FromSaltFile(Path.Combine(dataDirectory, "caller-id.salt")),
            CallerContexts = new CallerContextStore(Path.Combine(dataDirectory, "callers.db")),
            Callbacks = new CallbackFile(Path.Combine(dataDirectory, "callbacks.jsonl")),
        };
    }

    /// <summary>The dialogue engine over <paramref name="knowledge"/> (again after each snapshot update), with the language model when given.</summary>
    public static DialogueEngine CreateDialogue(IKnowledgeBase knowledge, CallOptions options, LlmSetup? llm = null) =>
        new(knowledge, new DialogueOptions { HumanHelpline = options.Helpline }, llm?.Model, llm?.Options);

    /// <summary>
    /// One throwaway turn through the text brain and one decode of a second of line hiss: the first caller's turn
    /// otherwise pays for JIT compilation and the recogniser's first search (measured: understanding 108 ms instead of
    /// under 20 on the demo's first question).
    /// </summary>
    private static async Task WarmUpAsync(DialogueEngine dialogue, ISpeechToText stt, string language, CancellationToken ct)
    {
        dialogue.Respond("what is the pm kisan scheme", new ConversationState(), language);
        var hiss = new short[8000];
        var random = new Random(1);
        for (int i = 0; i < hiss.Length; i++) hiss[i] = (short)random.Next(-30, 30);
        try
        {
            await stt.TranscribeAsync(new AudioFrame(AudioFormat.Telephone8k, hiss, TimeSpan.Zero), "en", ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A recogniser that fails here fails in the call too, where the caller is asked to repeat: nothing to do now.
        }
    }

    /// <summary>
    /// After a snapshot update: the pocketsphinx grammar for <paramref name="knowledge"/>'s schemes, built but not loaded
    /// (building takes about a second; loading is <see cref="PocketsphinxSpeechToText.LoadGrammar"/>). Null when the
    /// recogniser needs none (whisper is open-vocabulary).
    /// </summary>
    public static SpeechGrammar? GrammarFor(ISpeechToText stt, IKnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        return stt is PocketsphinxSpeechToText
            ? new JsgfGrammarBuilder(new PocketsphinxSpeechToTextOptions().Decoder.DictionaryPath).Build(GrammarInputsFor(knowledge))
            : null;
    }

    /// <summary>The recogniser that fits what is installed (whisper when its model is there, else pocketsphinx with the snapshot grammar).</summary>
    public static ISpeechToText CreateSpeechToText(IKnowledgeBase knowledge, CallOptions options, Action<string> log, string? whisperModel)
    {
        if (whisperModel is not null)
        {
            if (File.Exists(whisperModel))
            {
                var whisper = new WhisperSpeechToText(new WhisperSpeechToTextOptions { ModelPath = whisperModel, Languages = options.LanguageKeys.Values.ToList() });
                log($"speech recognition: {whisper.Engine}");
                return whisper;
            }
            log($"speech recognition: whisper model {whisperModel} is missing; using pocketsphinx (English) instead");
        }
        var inputs = GrammarInputsFor(knowledge);
        var stt = PocketsphinxSpeechToText.Create(inputs);
        log($"speech recognition: {stt.Engine} (grammar from snapshot {knowledge.Snapshot.SnapshotId}, {inputs.Schemes.Count} schemes)");
        return stt;
    }

    private static GrammarInputs GrammarInputsFor(IKnowledgeBase knowledge) => new()
    {
        Schemes = knowledge.Snapshot.Schemes.Select(s => SchemePhrases.FromNames(s.Id, s.Names.Get("en"), s.Names.Aliases)).ToList(),
        Answers = [.. GrammarInputs.DefaultAnswers, "how do i apply for it", "what documents do i need for it", "how much money do i get",
            "thank you bye", "thats all thank you", "send me an sms", "talk to a person"],
    };
}

/// <summary>Callback requests appended to a JSON-lines file in the data directory, for sync to deliver to the NGO.</summary>
public sealed class CallbackFile(string path) : ICallbackRequests
{
    private readonly object _gate = new();

    public void Request(string number, string language, string? schemeId, DateTimeOffset at)
    {
        var line = System.Text.Json.JsonSerializer.Serialize(new { number, language, scheme_id = schemeId, at });
        lock (_gate) File.AppendAllText(path, line + "\n");
    }
}
