using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saarthi.Appliance.Kiosk;

namespace Saarthi.Appliance.Cli;

/// <summary>`run --config firmware-config/appliance.json`: the kiosk service (Generic Host, console logs, graceful stop).</summary>
public static class RunCommand
{
    public static int Run(Args args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var path = args.Get("config") ?? "firmware-config/appliance.json";
        ApplianceConfig config;
        try
        {
            config = ApplianceConfig.Load(path);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine($"saarthi run: {e.Message}");
            return 2;
        }
        var data = KnowledgeSetup.DataDirectory(args.Get("data") ?? config.DataDir);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton(config);
        builder.Services.AddHostedService(sp => new KioskService(config, data, sp.GetRequiredService<ILogger<KioskService>>(), sp.GetRequiredService<IHostApplicationLifetime>()));
        builder.Build().Run();
        return Environment.ExitCode;
    }
}
