using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RagAgent.Core.Policies.Managed;
using RagAgent.Envs.Abstractions;
using RagAgent.Hosting.Models;
using RagAgent.Hosting.Security;

namespace RagAgent.Tests.Hosting;

/// <summary>The hosting app in-process over a temporary model folder, with three API keys and <see cref="TestPolicy"/>.</summary>
internal sealed class HostingFactory : WebApplicationFactory<Program>
{
    public const string PredictKey = "predict-secret-1";
    public const string AdminKey = "admin-secret-2";
    public const string BothKey = "both-secret-3";

    /// <summary>graph-like spec: 2 tasks, 4 nodes with ids (vocab 10) and 2 features, 3 globals, 1 action per node + 1 extra.</summary>
    public static readonly EnvSpec Spec = new()
    {
        Id = "test-nav", NumTasks = 2, MaxNodes = 4, NodeVocabSize = 10, NodeFeatureSize = 2, GlobalFeatureSize = 3,
        ActionsPerNode = 1, ExtraActions = 1,
    };

    private readonly Dictionary<string, string?> _settings;

    private readonly bool _testPolicy;

    private readonly CapturedLogs? _logs;

    /// <summary>Creates the factory; <paramref name="testPolicy"/> false keeps the app's default engine (PolicyFactory).</summary>
    public HostingFactory(string modelsDirectory, IDictionary<string, string?>? settings = null, bool testPolicy = true, CapturedLogs? logs = null)
    {
        _testPolicy = testPolicy;
        _logs = logs;
        ModelsDirectory = modelsDirectory;
        _settings = new Dictionary<string, string?>
        {
            ["RagAgent:ModelsDirectory"] = modelsDirectory,
            ["RagAgent:WatchIntervalSeconds"] = "0",
            ["RagAgent:ApiKeys:0:Name"] = "predictor",
            ["RagAgent:ApiKeys:0:Sha256"] = ApiKeyHasher.Hash(PredictKey),
            ["RagAgent:ApiKeys:0:Roles:0"] = ApiRoles.Predict,
            ["RagAgent:ApiKeys:1:Name"] = "operator",
            ["RagAgent:ApiKeys:1:Sha256"] = ApiKeyHasher.Hash(AdminKey).ToUpperInvariant(),
            ["RagAgent:ApiKeys:1:Roles:0"] = ApiRoles.Admin,
            ["RagAgent:ApiKeys:2:Name"] = "both",
            ["RagAgent:ApiKeys:2:Sha256"] = ApiKeyHasher.Hash(BothKey),
            ["RagAgent:ApiKeys:2:Roles:0"] = ApiRoles.Predict,
            ["RagAgent:ApiKeys:2:Roles:1"] = ApiRoles.Admin,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string ModelsDirectory { get; }

    public ModelStore Store => Services.GetRequiredService<ModelStore>();

    public HttpClient ClientWith(string? key)
    {
        HttpClient client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_logs is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(_logs));
        }

        if (_testPolicy)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<PolicyBuilder>(TestPolicy.Build));
        }
    }
}
