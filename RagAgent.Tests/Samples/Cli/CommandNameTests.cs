using RagAgent.Samples.Cli;

namespace RagAgent.Tests.Samples.Cli;

public sealed class CommandNameTests
{
    [Test]
    public void Resolve_ToolOnPath_IsRagagent()
    {
        DirectoryInfo tools = Directory.CreateTempSubdirectory("ragagent-tools-");
        try
        {
            File.WriteAllText(Path.Combine(tools.FullName, "ragagent"), string.Empty);

            Assert.That(CommandName.Resolve(tools.FullName, tools.FullName, "/x/ragagent.dll"), Is.EqualTo("ragagent"));
        }
        finally
        {
            tools.Delete(recursive: true);
        }
    }

    [Test]
    public void Resolve_CloneRootWithoutTheTool_IsTheDotnetRunForm()
    {
        string root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../.."));

        Assert.That(CommandName.Resolve(string.Empty, root, "/x/ragagent.dll"), Is.EqualTo("dotnet run --project RagAgent.Samples -c Release --"));
    }

    [Test]
    public void Resolve_ElsewhereWithoutTheTool_IsDotnetWithTheAssemblyPath() =>
        Assert.That(CommandName.Resolve(string.Empty, Path.GetTempPath(), "/opt/my tools/ragagent.dll"), Is.EqualTo("dotnet '/opt/my tools/ragagent.dll'"));
}
