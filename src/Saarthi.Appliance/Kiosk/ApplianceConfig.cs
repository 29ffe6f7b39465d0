using System.Text.Json;
using System.Text.Json.Serialization;
using Saarthi.Appliance.Call;

namespace Saarthi.Appliance.Kiosk;

/// <summary>firmware-config/appliance.json: what this kiosk is wired to and how its calls behave.</summary>
public sealed class ApplianceConfig
{
    public string KioskId { get; set; } = "kiosk-001";

    public string? DataDir { get; set; }

    public ModemSection Modem { get; set; } = new();

    public HandsetSection Handset { get; set; } = new();

    public CallSection Call { get; set; } = new();

    public ModelsSection Models { get; set; } = new();

    public SyncSection Sync { get; set; } = new();

    public sealed class ModemSection
    {
        public string Profile { get; set; } = "sim7600";

        public string? AtPort { get; set; }

        public string? ProfilesDir { get; set; }
    }

    public sealed class HandsetSection
    {
        public bool Enabled { get; set; }

        public string GpioChip { get; set; } = "gpiochip0";

        public int HookLine { get; set; } = 17;

        /// <summary>The switch closes to ground when the handset is lifted (the line reads low when active).</summary>
        public bool ActiveLow { get; set; } = true;

        /// <summary>Turn on the chip's pull-up on the hook line (a switch to ground needs one if the board has none).</summary>
        public bool PullUp { get; set; } = true;

        public int DebounceMs { get; set; } = 50;

        public string? AlsaCapture { get; set; }

        public string? AlsaPlayback { get; set; }

        /// <summary>An ALSA configuration file defining the devices, read on top of the system's; null: /etc/asound.conf.</summary>
        public string? AlsaConfig { get; set; }
    }

    public sealed class CallSection
    {
        public string DefaultLanguage { get; set; } = "hi";

        public Dictionary<string, string> LanguageKeys { get; set; } = new() { ["1"] = "hi", ["2"] = "en" };

        public int MaxCallMinutes { get; set; } = 10;

        public string? Helpline { get; set; }
    }

    public sealed class ModelsSection
    {
        public string? Whisper { get; set; }

        public string? Llm { get; set; }
    }

    /// <summary>The NGO broker: updates in, status/telemetry/callbacks out. No broker: updates only by `sync-apply`.</summary>
    public sealed class SyncSection
    {
        /// <summary>mqtt://HOST:PORT or mqtts://HOST:PORT.</summary>
        public string? Broker { get; set; }

        /// <summary>The pinned NGO public keys (PEM files).</summary>
        public string? NgoKeysDir { get; set; }

        public string? Username { get; set; }

        /// <summary>A file holding the broker password (readable by the service only); else $SAARTHI_MQTT_PASSWORD.</summary>
        public string? PasswordFile { get; set; }

        /// <summary>The CA that signed the broker's certificate (mqtts).</summary>
        public string? CaFile { get; set; }

        /// <summary>How often status (with today's counts) and queued telemetry go out.</summary>
        public int StatusSeconds { get; set; } = 900;

        /// <summary>The longest wait between reconnect attempts (the backoff doubles from 1 s up to it).</summary>
        public int ReconnectMaxSeconds { get; set; } = 60;
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>Reads the file; a malformed one is a clear error naming the file and the place.</summary>
    public static ApplianceConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"appliance config not found: {path}", path);
        try
        {
            return JsonSerializer.Deserialize<ApplianceConfig>(File.ReadAllText(path), Options) ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public CallOptions ToCallOptions()
    {
        var options = new CallOptions
        {
            DefaultLanguage = Call.DefaultLanguage,
            MaxCallLength = TimeSpan.FromMinutes(Math.Clamp(Call.MaxCallMinutes, 1, 60)),
            Helpline = Call.Helpline,
        };
        options.LanguageKeys.Clear();
        foreach (var (key, lang) in Call.LanguageKeys)
            if (key.Length == 1) options.LanguageKeys[key[0]] = lang;
        return options;
    }
}
