using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.EspeakNg;

/// <summary>Raw imports from Debian's <c>libespeak-ng.so.1</c> (1.51), <c>speak_lib.h</c> API. C names on purpose.</summary>
internal static unsafe partial class EspeakNative
{
    // espeak_AUDIO_OUTPUT
    internal const int AUDIO_OUTPUT_SYNCHRONOUS = 2;

    // espeak_Initialize options
    internal const int espeakINITIALIZE_DONT_EXIT = 0x8000;

    // espeak_ERROR
    internal const int EE_OK = 0;
    internal const int EE_INTERNAL_ERROR = -1;
    internal const int EE_BUFFER_FULL = 1;
    internal const int EE_NOT_FOUND = 2;

    // espeak_POSITION_TYPE
    internal const int POS_CHARACTER = 1;

    // espeak_Synth flags
    internal const uint espeakCHARS_UTF8 = 1;
    internal const uint espeakENDPAUSE = 0x1000;

    // espeak_PARAMETER
    internal const int espeakRATE = 1;
    internal const int espeakRATE_MINIMUM = 80;
    internal const int espeakRATE_MAXIMUM = 450;
    internal const int espeakRATE_NORMAL = 175;

    // espeak_EVENT_TYPE
    internal const int espeakEVENT_LIST_TERMINATED = 0;

    /// <summary>Returns the sample rate (22050) or <see cref="EE_INTERNAL_ERROR"/>.</summary>
    [LibraryImport(NativeLibraryNames.EspeakNg, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int espeak_Initialize(int output, int buflength, string? path, int options);

    /// <summary><c>int callback(short *wav, int numsamples, espeak_EVENT *events)</c>: return 0 to continue, 1 to abort.</summary>
    [LibraryImport(NativeLibraryNames.EspeakNg)]
    internal static partial void espeak_SetSynthCallback(delegate* unmanaged<short*, int, espeak_EVENT*, int> callback);

    [LibraryImport(NativeLibraryNames.EspeakNg)]
    internal static partial int espeak_Synth(
        byte* text, nuint size, uint position, int positionType, uint endPosition, uint flags, uint* uniqueIdentifier, void* userData);

    [LibraryImport(NativeLibraryNames.EspeakNg, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int espeak_SetVoiceByName(string name);

    [LibraryImport(NativeLibraryNames.EspeakNg)]
    internal static partial int espeak_SetParameter(int parameter, int value, int relative);

    /// <summary>Returns a static version string (never freed); <paramref name="pathData"/> receives the data path.</summary>
    [LibraryImport(NativeLibraryNames.EspeakNg)]
    internal static partial byte* espeak_Info(byte** pathData);
}

/// <summary>Mirror of <c>espeak_EVENT</c> (40 bytes on x64 and arm64).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct espeak_EVENT
{
    public int type;
    public uint unique_identifier;
    public int text_position;
    public int length;
    public int audio_position;
    public int sample;
    public nint user_data;

    /// <summary>Union of <c>int number</c>, <c>const char *name</c>, <c>char string[8]</c>.</summary>
    public long id;
}
