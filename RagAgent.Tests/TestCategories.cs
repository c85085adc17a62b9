namespace RagAgent.Tests;

/// <summary>NUnit categories for <c>dotnet test --filter</c>.</summary>
public static class TestCategories
{
    /// <summary>
    /// Tests that train a policy and judge what it learned (PPO on CartPole, held-out goals on the multi-goal envs):
    /// most of the suite's run time. <c>dotnet test --filter "TestCategory!=Learning"</c> skips them.
    /// </summary>
    public const string Learning = "Learning";
}
