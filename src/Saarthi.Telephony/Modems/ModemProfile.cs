using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saarthi.Telephony.Modems;

/// <summary>One initialisation command.</summary>
public sealed record ModemInitStep
{
    public required string Command { get; init; }

    /// <summary>An ERROR is tolerated (a feature this firmware may lack); a timeout still fails initialisation.</summary>
    public bool Optional { get; init; }

    public double? TimeoutSeconds { get; init; }

    /// <summary>What the command is for (documentation only).</summary>
    public string? Why { get; init; }
}

public sealed record ModemSerialSettings
{
    public string AtPort { get; init; } = "/dev/ttyUSB2";

    public int BaudRate { get; init; } = 115200;
}

public sealed record ModemCallCommands
{
    public string Answer { get; init; } = "ATA";

    public string Hangup { get; init; } = "AT+CHUP";

    /// <summary>Tried when <see cref="Hangup"/> answers ERROR.</summary>
    public string? HangupFallback { get; init; } = "ATH";

    public double AnswerTimeoutSeconds { get; init; } = 10;
}

public sealed record ModemAudioSettings
{
    /// <summary><c>serial-pcm</c>: raw 16-bit PCM on a serial device; <c>none</c>: no audio path.</summary>
    public string Transport { get; init; } = "serial-pcm";

    public string? Device { get; init; }

    public int SampleRate { get; init; } = 8000;

    public int FrameMilliseconds { get; init; } = 20;

    /// <summary>Sent after the call is answered (route the call's audio to USB).</summary>
    public IReadOnlyList<string> On { get; init; } = [];

    /// <summary>Sent after the call ended.</summary>
    public IReadOnlyList<string> Off { get; init; } = [];
}

public sealed record ModemDtmfSettings
{
    /// <summary>The URC this modem reports keys with (documentation; the parser knows them all).</summary>
    public string? Urc { get; init; }
}

public sealed record ModemHealthSettings
{
    public IReadOnlyList<string> Registration { get; init; } = ["AT+CREG?"];
}

public sealed record ModemSmsSettings
{
    public double SubmitTimeoutSeconds { get; init; } = 60;
}

public sealed record ModemTimeouts
{
    public double DefaultSeconds { get; init; } = 5;
}

/// <summary>
/// What differs between modem models: initialisation, call and audio-route commands, ports. Kept as JSON in
/// <c>firmware-config/modems/&lt;id&gt;.json</c> (editable on the board); the same files are compiled in as defaults.
/// </summary>
public sealed record ModemProfile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Substrings of <c>AT+CGMM</c>/<c>ATI</c> output that identify the model.</summary>
    public IReadOnlyList<string> Match { get; init; } = [];

    public ModemSerialSettings Serial { get; init; } = new();

    public IReadOnlyList<ModemInitStep> Init { get; init; } = [];

    public ModemCallCommands Call { get; init; } = new();

    public ModemAudioSettings Audio { get; init; } = new();

    public ModemDtmfSettings Dtmf { get; init; } = new();

    public ModemHealthSettings Health { get; init; } = new();

    public ModemSmsSettings Sms { get; init; } = new();

    public ModemTimeouts Timeouts { get; init; } = new();

    public string? Notes { get; init; }

    /// <summary>Where the profile was read from (a path, or <c>built-in</c>).</summary>
    [JsonIgnore]
    public string Source { get; init; } = "built-in";

    /// <summary>The ids of the compiled-in profiles.</summary>
    public static IReadOnlyList<string> BuiltInIds { get; } =
    [
        .. typeof(ModemProfile).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal),
    ];

    private const string ResourcePrefix = "Saarthi.Telephony.Modems.";

    /// <summary>The compiled-in profile <paramref name="id"/> (<c>sim7600</c>, <c>ec25</c>).</summary>
    /// <exception cref="ModemProfileException">No such profile.</exception>
    public static ModemProfile BuiltIn(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        using var stream = typeof(ModemProfile).Assembly.GetManifestResourceStream(ResourcePrefix + id + ".json")
            ?? throw new ModemProfileException($"No built-in modem profile '{id}' (known: {string.Join(", ", BuiltInIds)}).");
        return Parse(stream, "built-in:" + id);
    }

    /// <summary>Reads a profile file.</summary>
    /// <exception cref="ModemProfileException">Missing, not JSON, unknown keys, or invalid values; the message names the file.</exception>
    public static ModemProfile Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            using var stream = File.OpenRead(path);
            return Parse(stream, path);
        }
        catch (IOException ex)
        {
            throw new ModemProfileException($"Cannot read modem profile {path}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The profile <paramref name="id"/> from <paramref name="directory"/> (<c>firmware-config/modems</c>) when the file is
    /// there, else the built-in one.
    /// </summary>
    public static ModemProfile Find(string id, string? directory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (directory is not null && Path.Combine(directory, id + ".json") is var path && File.Exists(path))
        {
            return Load(path);
        }

        return BuiltIn(id);
    }

    /// <summary>The profile whose <see cref="Match"/> occurs in <paramref name="modelText"/> (the answer to AT+CGMM or ATI).</summary>
    public static ModemProfile? ForModel(string modelText, IEnumerable<ModemProfile>? candidates = null)
    {
        ArgumentNullException.ThrowIfNull(modelText);
        foreach (var profile in candidates ?? BuiltInIds.Select(BuiltIn))
        {
            if (profile.Match.Any(m => modelText.Contains(m, StringComparison.OrdinalIgnoreCase)))
            {
                return profile;
            }
        }

        return null;
    }

    internal TimeSpan DefaultTimeout => TimeSpan.FromSeconds(Timeouts.DefaultSeconds);

    private static ModemProfile Parse(Stream stream, string source)
    {
        ModemProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<ModemProfile>(stream, Json);
        }
        catch (JsonException ex)
        {
            throw new ModemProfileException($"Modem profile {source} is not valid: {ex.Message}", ex);
        }

        if (profile is null)
        {
            throw new ModemProfileException($"Modem profile {source} is empty.");
        }

        profile = profile with { Source = source };
        profile.Validate();
        return profile;
    }

    private void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id))
        {
            problems.Add("id is empty");
        }

        foreach (var step in Init)
        {
            if (!IsCommand(step.Command))
            {
                problems.Add($"init command '{step.Command}' does not start with AT");
            }
        }

        foreach (var command in Audio.On.Concat(Audio.Off).Concat(Health.Registration).Append(Call.Answer).Append(Call.Hangup))
        {
            if (!IsCommand(command))
            {
                problems.Add($"command '{command}' does not start with AT");
            }
        }

        if (Audio.Transport is not ("serial-pcm" or "none"))
        {
            problems.Add($"audio.transport '{Audio.Transport}' is not serial-pcm or none");
        }

        if (Audio.SampleRate is not (8000 or 16000))
        {
            problems.Add($"audio.sampleRate {Audio.SampleRate} is not 8000 or 16000");
        }

        if (Timeouts.DefaultSeconds <= 0 || Call.AnswerTimeoutSeconds <= 0 || Sms.SubmitTimeoutSeconds <= 0)
        {
            problems.Add("timeouts must be positive");
        }

        if (problems.Count > 0)
        {
            throw new ModemProfileException($"Modem profile {Source}: {string.Join("; ", problems)}.");
        }
    }

    private static bool IsCommand(string? command) =>
        command is { Length: >= 2 } && command.StartsWith("AT", StringComparison.OrdinalIgnoreCase) && !command.Contains('\r', StringComparison.Ordinal);
}

/// <summary>A modem profile is missing or invalid.</summary>
public sealed class ModemProfileException : Exception
{
    public ModemProfileException()
    {
    }

    public ModemProfileException(string message)
        : base(message)
    {
    }

    public ModemProfileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
