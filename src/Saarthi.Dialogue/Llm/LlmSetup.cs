using System.Diagnostics;
using Saarthi.Native.Interop.Llama;

namespace Saarthi.Dialogue.Llm;

/// <summary>
/// The language model a command runs with, opened from one setting: a GGUF path, "default" (or "manifest:ID") for
/// models/manifest.json, or "tiny" for a freshly generated random-weight test model (so <c>bench --llm tiny</c> prints
/// figures on any machine). Opening never throws for a model problem: <see cref="Model"/> is then null and
/// <see cref="Error"/> says why, and the kiosk answers from its templates.
/// </summary>
public sealed class LlmSetup : IDisposable
{
    /// <summary>Environment variable naming the model when no <c>--llm</c> is given.</summary>
    public const string ModelVariable = "SAARTHI_LLM_MODEL";

    /// <summary>The setting that generates the tiny random-weight model.</summary>
    public const string Tiny = "tiny";

    private LlmSetup(string? spec, ILanguageModel? model, LanguageModelUnavailableException? error, LlmOptions options, TimeSpan loadTime)
    {
        Spec = spec;
        Model = model;
        Error = error;
        Options = options;
        LoadTime = loadTime;
    }

    /// <summary>No model asked for: every answer is the rules' and the templates'.</summary>
    public static LlmSetup None { get; } = new(null, null, null, new LlmOptions(), TimeSpan.Zero);

    /// <summary>What was asked for (null = nothing).</summary>
    public string? Spec { get; }

    /// <summary>Whether a model was asked for (then reports say what became of it).</summary>
    public bool Requested => Spec is not null;

    public ILanguageModel? Model { get; }

    public LanguageModelUnavailableException? Error { get; }

    public LlmOptions Options { get; }

    /// <summary>Time to find, (generate,) check and load the model.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>"loaded", "unavailable (Missing): …" or "none".</summary>
    public string Status => Model is not null ? "loaded" : Error is not null ? $"unavailable ({Error.Problem}): {Error.Message}" : "none";

    /// <summary>
    /// Opens the model <paramref name="spec"/> names (null: <see cref="ModelVariable"/>, else none). <paramref name="log"/>
    /// hears what happened (one line each).
    /// </summary>
    public static LlmSetup Open(string? spec, LanguageModelOptions? modelOptions, LlmOptions? options, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        spec ??= Environment.GetEnvironmentVariable(ModelVariable);
        options ??= new LlmOptions();
        if (string.IsNullOrWhiteSpace(spec))
        {
            return None;
        }

        modelOptions ??= new LanguageModelOptions();
        var clock = Stopwatch.StartNew();
        try
        {
            var resolved = modelOptions with { ModelPath = null, ManifestId = null };
            if (string.Equals(spec, Tiny, StringComparison.OrdinalIgnoreCase))
            {
                var dir = Path.Combine(Path.GetTempPath(), "saarthi-llm-tiny");
                Directory.CreateDirectory(dir);
                // Its byte-level vocabulary spells the understanding prompt out in a few thousand tokens: a larger context.
                resolved = resolved with
                {
                    ModelPath = TinyLlamaModel.Write(Path.Combine(dir, "tiny.gguf"), new TinyLlamaSpec { ContextLength = 8192 }),
                    ContextSize = Math.Max(resolved.ContextSize, 8192),
                };
                log($"llm: generated the tiny random-weight test model at {resolved.ModelPath} (its text is random: expect every phrasing to fall back)");
            }
            else if (string.Equals(spec, "default", StringComparison.OrdinalIgnoreCase) || string.Equals(spec, "manifest", StringComparison.OrdinalIgnoreCase))
            {
                // the manifest's default entry
            }
            else if (spec.StartsWith("manifest:", StringComparison.OrdinalIgnoreCase))
            {
                resolved = resolved with { ManifestId = spec["manifest:".Length..] };
            }
            else
            {
                resolved = resolved with { ModelPath = spec };
            }

            var model = LanguageModelLoader.Load(resolved);
            log($"llm: loaded {model.Info.Name} ({model.Info.Description}, {model.Info.FileBytes / 1024.0 / 1024.0:F1} MB) in {clock.Elapsed.TotalMilliseconds:F0} ms; " +
                $"{model.Info.Threads} thread(s), context {model.Info.ContextSize}, chat template: {model.Info.ChatTemplate}");
            return new LlmSetup(spec, model, null, WithLog(options, log), clock.Elapsed);
        }
        catch (LanguageModelUnavailableException e)
        {
            log($"llm: not used, answers come from the templates: {e.Message}");
            return new LlmSetup(spec, null, e, options, clock.Elapsed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var error = new LanguageModelUnavailableException(LanguageModelProblem.Failed, e.Message, e);
            log($"llm: not used, answers come from the templates: {e.Message}");
            return new LlmSetup(spec, null, error, options, clock.Elapsed);
        }
    }

    public void Dispose() => Model?.Dispose();

    private static LlmOptions WithLog(LlmOptions options, Action<string> log) => options.Log is null ? options with { Log = log } : options;
}
