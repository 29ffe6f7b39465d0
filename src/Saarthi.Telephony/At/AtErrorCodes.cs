namespace Saarthi.Telephony.At;

/// <summary>
/// The numeric and verbose forms of +CME ERROR (3GPP TS 27.007 §9.2) and +CMS ERROR (TS 27.005 §3.2.5), so an error
/// reads the same whether the modem was set to <c>AT+CMEE=1</c> or <c>=2</c>.
/// </summary>
public static class AtErrorCodes
{
    private static readonly Dictionary<int, string> Cme = new()
    {
        [0] = "phone failure",
        [1] = "no connection to phone",
        [2] = "phone-adaptor link reserved",
        [3] = "operation not allowed",
        [4] = "operation not supported",
        [5] = "PH-SIM PIN required",
        [6] = "PH-FSIM PIN required",
        [7] = "PH-FSIM PUK required",
        [10] = "SIM not inserted",
        [11] = "SIM PIN required",
        [12] = "SIM PUK required",
        [13] = "SIM failure",
        [14] = "SIM busy",
        [15] = "SIM wrong",
        [16] = "incorrect password",
        [17] = "SIM PIN2 required",
        [18] = "SIM PUK2 required",
        [20] = "memory full",
        [21] = "invalid index",
        [22] = "not found",
        [23] = "memory failure",
        [24] = "text string too long",
        [25] = "invalid characters in text string",
        [26] = "dial string too long",
        [27] = "invalid characters in dial string",
        [30] = "no network service",
        [31] = "network timeout",
        [32] = "network not allowed - emergency calls only",
        [100] = "unknown",
    };

    private static readonly Dictionary<int, string> Cms = new()
    {
        [300] = "ME failure",
        [301] = "SMS service of ME reserved",
        [302] = "operation not allowed",
        [303] = "operation not supported",
        [304] = "invalid PDU mode parameter",
        [305] = "invalid text mode parameter",
        [310] = "SIM not inserted",
        [311] = "SIM PIN required",
        [312] = "PH-SIM PIN required",
        [313] = "SIM failure",
        [314] = "SIM busy",
        [315] = "SIM wrong",
        [316] = "SIM PUK required",
        [317] = "SIM PIN2 required",
        [318] = "SIM PUK2 required",
        [320] = "memory failure",
        [321] = "invalid memory index",
        [322] = "memory full",
        [330] = "SMSC address unknown",
        [331] = "no network service",
        [332] = "network timeout",
        [340] = "no +CNMA acknowledgement expected",
        [500] = "unknown error",
    };

    private static readonly Dictionary<string, int> CmeByText = Invert(Cme);
    private static readonly Dictionary<string, int> CmsByText = Invert(Cms);

    public static string? DescribeCme(int code) => Cme.GetValueOrDefault(code);

    public static string? DescribeCms(int code) => Cms.GetValueOrDefault(code);

    public static int? CmeCode(string text) => CmeByText.TryGetValue(Fold(text), out var c) ? c : null;

    public static int? CmsCode(string text) => CmsByText.TryGetValue(Fold(text), out var c) ? c : null;

    private static Dictionary<string, int> Invert(Dictionary<int, string> table) =>
        table.ToDictionary(kv => Fold(kv.Value), kv => kv.Key, StringComparer.Ordinal);

    /// <summary>Case and punctuation vary between vendors ("SIM PIN required", "Sim pin required", "PH-SIM PIN…").</summary>
    private static string Fold(string text) =>
        new([.. text.Trim().ToUpperInvariant().Where(char.IsLetterOrDigit)]);
}
