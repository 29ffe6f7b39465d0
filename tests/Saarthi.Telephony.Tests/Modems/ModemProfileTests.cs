using Saarthi.Telephony.Modems;

namespace Saarthi.Telephony.Tests.Modems;

public sealed class ModemProfileTests
{
    [Theory]
    [InlineData("sim7600")]
    [InlineData("ec25")]
    public void Load_FirmwareConfigFile_IsValidAndEqualsTheBuiltInCopy(string id)
    {
        var file = ModemProfile.Load(Path.Combine(FirmwareConfig.ModemsDirectory, id + ".json"));
        var builtIn = ModemProfile.BuiltIn(id);

        Assert.Equal(id, file.Id);
        Assert.Equal(builtIn.Init.Select(s => s.Command), file.Init.Select(s => s.Command));
        Assert.Equal(builtIn.Audio.On, file.Audio.On);
        Assert.Equal(8000, file.Audio.SampleRate);
        Assert.Contains(file.Init, s => s.Command == "AT+CLIP=1" && !s.Optional);
        Assert.Contains(file.Init, s => s.Command == "AT+CMGF=0" && !s.Optional);
    }

    [Fact]
    public void BuiltIn_Profiles_CoverSim7600AndEc25()
    {
        Assert.Equal(["ec25", "sim7600"], ModemProfile.BuiltInIds);
        Assert.Contains(ModemProfile.BuiltIn("sim7600").Init, s => s.Command == "AT+DDET=1");
        Assert.Equal(["AT+CPCMREG=1"], ModemProfile.BuiltIn("sim7600").Audio.On);
        Assert.Contains(ModemProfile.BuiltIn("ec25").Init, s => s.Command == "AT+QPCMV=1,0");
        Assert.Contains(ModemProfile.BuiltIn("ec25").Init, s => s.Command == "AT+QTONEDET=1");
    }

    [Theory]
    [InlineData("SIMCOM_SIM7600G-H", "sim7600")]
    [InlineData("Quectel\nEC25\nRevision: EC25EFAR06A06M4G", "ec25")]
    public void ForModel_ModelText_PicksTheProfile(string model, string id) =>
        Assert.Equal(id, ModemProfile.ForModel(model)!.Id);

    [Fact]
    public void ForModel_UnknownModem_IsNull() => Assert.Null(ModemProfile.ForModel("HUAWEI E3372"));

    [Fact]
    public void BuiltIn_UnknownId_ThrowsNamingTheKnownOnes()
    {
        var ex = Assert.Throws<ModemProfileException>(() => ModemProfile.BuiltIn("sim800"));

        Assert.Contains("sim7600", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_FileInDirectory_WinsOverBuiltIn()
    {
        var dir = Directory.CreateTempSubdirectory("saarthi-profiles-").FullName;
        File.WriteAllText(Path.Combine(dir, "sim7600.json"), """{ "id": "sim7600", "name": "local", "init": [ { "command": "ATE0" } ] }""");

        var profile = ModemProfile.Find("sim7600", dir);

        Assert.Equal("local", profile.Name);
        Assert.Equal(Path.Combine(dir, "sim7600.json"), profile.Source);
        Assert.Equal("ec25", ModemProfile.Find("ec25", dir).Id); // not in the folder: the built-in one
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("""{ "id": "x", "name": "x", "init": [ { "command": "CLIP=1" } ] }""", "does not start with AT")]
    [InlineData("""{ "id": "x", "name": "x", "audio": { "sampleRate": 44100 } }""", "sampleRate 44100")]
    [InlineData("""{ "id": "x", "name": "x", "intt": [] }""", "intt")]
    [InlineData("""{ "id": "x", """, "not valid")]
    public void Load_BadFile_ThrowsNamingTheFileAndTheProblem(string json, string problem)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, json);
        try
        {
            var ex = Assert.Throws<ModemProfileException>(() => ModemProfile.Load(path));

            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
            Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
