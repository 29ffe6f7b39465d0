using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Mosquitto;

/// <summary>
/// Raw imports from Debian's <c>libmosquitto.so.1</c> (2.0.11), <c>mosquitto.h</c> API. C names on purpose.
/// C <c>bool</c> parameters are passed as <see cref="byte"/>; strings are marshalled as UTF-8.
/// Callbacks are <c>cdecl</c> function pointers to <see cref="UnmanagedCallersOnlyAttribute"/> methods.
/// </summary>
internal static unsafe partial class MosquittoNative
{
    // enum mosq_err_t
    internal const int MOSQ_ERR_CONN_PENDING = -1;
    internal const int MOSQ_ERR_SUCCESS = 0;
    internal const int MOSQ_ERR_NOMEM = 1;
    internal const int MOSQ_ERR_PROTOCOL = 2;
    internal const int MOSQ_ERR_INVAL = 3;
    internal const int MOSQ_ERR_NO_CONN = 4;
    internal const int MOSQ_ERR_CONN_REFUSED = 5;
    internal const int MOSQ_ERR_NOT_FOUND = 6;
    internal const int MOSQ_ERR_CONN_LOST = 7;
    internal const int MOSQ_ERR_TLS = 8;
    internal const int MOSQ_ERR_PAYLOAD_SIZE = 9;
    internal const int MOSQ_ERR_NOT_SUPPORTED = 10;
    internal const int MOSQ_ERR_AUTH = 11;
    internal const int MOSQ_ERR_ACL_DENIED = 12;
    internal const int MOSQ_ERR_UNKNOWN = 13;
    internal const int MOSQ_ERR_ERRNO = 14;
    internal const int MOSQ_ERR_EAI = 15;
    internal const int MOSQ_ERR_KEEPALIVE = 19;

    // enum mosq_opt_t
    internal const int MOSQ_OPT_PROTOCOL_VERSION = 1;
    internal const int MOSQ_OPT_TCP_NODELAY = 11;

    internal const int MQTT_PROTOCOL_V311 = 4;

    // log levels (MOSQ_LOG_*)
    internal const int MOSQ_LOG_INFO = 0x01;
    internal const int MOSQ_LOG_NOTICE = 0x02;
    internal const int MOSQ_LOG_WARNING = 0x04;
    internal const int MOSQ_LOG_ERR = 0x08;
    internal const int MOSQ_LOG_DEBUG = 0x10;

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial int mosquitto_lib_init();

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial int mosquitto_lib_version(int* major, int* minor, int* revision);

    /// <summary><c>struct mosquitto *mosquitto_new(const char *id, bool clean_session, void *obj)</c>; NULL with errno on failure.</summary>
    [LibraryImport(NativeLibraryNames.Mosquitto, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeMosquittoHandle mosquitto_new(string? id, byte clean_session, nint obj);

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial void mosquitto_destroy(nint mosq);

    [LibraryImport(NativeLibraryNames.Mosquitto, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_username_pw_set(SafeMosquittoHandle mosq, string? username, string? password);

    /// <summary><c>mosquitto_tls_set(mosq, cafile, capath, certfile, keyfile, pw_callback)</c>; the callback is never used here.</summary>
    [LibraryImport(NativeLibraryNames.Mosquitto, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_tls_set(SafeMosquittoHandle mosq, string? cafile, string? capath, string? certfile, string? keyfile, nint pw_callback);

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial int mosquitto_tls_insecure_set(SafeMosquittoHandle mosq, byte value);

    [LibraryImport(NativeLibraryNames.Mosquitto, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_will_set(SafeMosquittoHandle mosq, string topic, int payloadlen, byte* payload, int qos, byte retain);

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial int mosquitto_int_option(SafeMosquittoHandle mosq, int option, int value);

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial int mosquitto_max_inflight_messages_set(SafeMosquittoHandle mosq, uint max_inflight_messages);

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial int mosquitto_threaded_set(SafeMosquittoHandle mosq, byte threaded);

    [LibraryImport(NativeLibraryNames.Mosquitto, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_connect_async(SafeMosquittoHandle mosq, string host, int port, int keepalive);

    [LibraryImport(NativeLibraryNames.Mosquitto, SetLastError = true)]
    internal static partial int mosquitto_reconnect_async(SafeMosquittoHandle mosq);

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial int mosquitto_disconnect(SafeMosquittoHandle mosq);

    [LibraryImport(NativeLibraryNames.Mosquitto, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_publish(SafeMosquittoHandle mosq, int* mid, string topic, int payloadlen, byte* payload, int qos, byte retain);

    [LibraryImport(NativeLibraryNames.Mosquitto, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_subscribe(SafeMosquittoHandle mosq, int* mid, string sub, int qos);

    /// <summary>One pass of the network loop: select on the socket for up to <paramref name="timeout"/> ms, read, write, keepalive.</summary>
    [LibraryImport(NativeLibraryNames.Mosquitto, SetLastError = true)]
    internal static partial int mosquitto_loop(SafeMosquittoHandle mosq, int timeout, int max_packets);

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial void mosquitto_connect_with_flags_callback_set(SafeMosquittoHandle mosq, delegate* unmanaged<nint, nint, int, int, void> on_connect);

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial void mosquitto_disconnect_callback_set(SafeMosquittoHandle mosq, delegate* unmanaged<nint, nint, int, void> on_disconnect);

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial void mosquitto_publish_callback_set(SafeMosquittoHandle mosq, delegate* unmanaged<nint, nint, int, void> on_publish);

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial void mosquitto_message_callback_set(SafeMosquittoHandle mosq, delegate* unmanaged<nint, nint, mosquitto_message*, void> on_message);

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial void mosquitto_subscribe_callback_set(SafeMosquittoHandle mosq, delegate* unmanaged<nint, nint, int, int, int*, void> on_subscribe);

    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial void mosquitto_log_callback_set(SafeMosquittoHandle mosq, delegate* unmanaged<nint, nint, int, byte*, void> on_log);

    /// <summary>A static string describing a <c>mosq_err_t</c> (never freed).</summary>
    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial byte* mosquitto_strerror(int mosq_errno);

    /// <summary>A static string describing a CONNACK return code (never freed).</summary>
    [LibraryImport(NativeLibraryNames.Mosquitto)]
    internal static partial byte* mosquitto_connack_string(int connack_code);
}

#pragma warning disable CS8981 // C names on purpose (as in the header)

/// <summary>Mirror of <c>struct mosquitto_message</c> (40 bytes on x86_64 and aarch64: int, pad, 2 pointers, 2 ints, bool, pad).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct mosquitto_message
{
    public int mid;
    public byte* topic;
    public byte* payload;
    public int payloadlen;
    public int qos;
    public byte retain;
}
#pragma warning restore CS8981
