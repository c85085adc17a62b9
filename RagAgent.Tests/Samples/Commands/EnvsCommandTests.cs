using CustomEnv;
using RagAgent.Envs.Registry;

namespace RagAgent.Tests.Samples.Commands;

public sealed class EnvsCommandTests
{
    private static string PluginPath => typeof(RoomBookingEnv).Assembly.Location;

    [Test]
    public void Envs_Redirected_PrintsAPlainRowPerRegisteredEnv()
    {
        CliOutcome outcome = CliRunner.Run("envs");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        string[] lines = outcome.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("id").And.Contains("tasks").And.Contains("actions").And.EndWith("description"));
        Assert.That(lines.Skip(1).Select(l => l.Split(' ')[0]), Is.EqualTo(EnvRegistry.CreateDefault().Ids));
        Assert.That(outcome.Output.Contains('\u001b', StringComparison.Ordinal), Is.False, "no terminal escape codes when redirected");
    }

    [Test]
    public void Envs_Redirected_ReportsTheDeclaredFeatureBounds()
    {
        CliOutcome outcome = CliRunner.Run("envs");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        string[] lines = outcome.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.Contain(" bounds "));
        Assert.That(lines.Single(l => l.StartsWith("graph-nav ", StringComparison.Ordinal)), Does.Contain("goal [0, 1], node [-1, 1], globals [0, 1]"));
        Assert.That(lines.Single(l => l.StartsWith("cartpole ", StringComparison.Ordinal)), Does.Contain("  -  ").And.Contain("no success"));
        Assert.That(lines.Single(l => l.StartsWith("smart-home ", StringComparison.Ordinal)), Does.Contain("success, load, tripped, mismatched"));
    }

    [Test]
    public void Envs_WithPlugin_ListsThePluginsEnvWithItsSpec()
    {
        CliOutcome outcome = CliRunner.Run("envs", "--plugin", PluginPath);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        string row = outcome.Output.Split('\n').Single(l => l.StartsWith("room-booking ", StringComparison.Ordinal));
        Assert.That(row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..8], Is.EqualTo(new[] { "6", "8", "4", "3", "0", "8", "4" }));
    }

    [Test]
    public void Envs_MissingPluginFile_ExitsTwoNamingTheOption()
    {
        CliOutcome outcome = CliRunner.Run("envs", "--plugin", "no/such/plugin.dll");

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.StartWith("ragagent: --plugin: "));
    }

    [Test]
    public void Envs_PluginWithoutRegisterMethod_ExitsTwoSayingWhatIsMissing()
    {
        CliOutcome outcome = CliRunner.Run("envs", "--plugin", typeof(NUnit.Framework.Assert).Assembly.Location);

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("RegisterEnvs(EnvRegistry registry)"));
    }

    [Test]
    public void Run_UnknownCommand_ExitsTwo()
    {
        CliOutcome outcome = CliRunner.Run("fly");

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("fly"));
    }
}
