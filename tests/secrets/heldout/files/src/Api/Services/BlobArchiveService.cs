using Azure.Storage.Blobs;

namespace Lumen.Api.Services;

public sealed class BlobArchiveService
{
    private const string ConnectionString =
        "DefaultEndpointsProtocol=https;AccountName=lumenarchive;AccountKey=4nv7ClJez2Z3XCSw3lIxOjTsNeoT4fOk4vRBxKWSJ1aA7p9N0MjOPVdCS1aWHFV/wN6I6ZqI6EAA94OWtdW70w==;EndpointSuffix=core.windows.net";

    private const string PartnerApiKey = "REPLACE_ME";

    private readonly BlobContainerClient _container;

    public BlobArchiveService()
    {
        _container = new BlobServiceClient(ConnectionString).GetBlobContainerClient("archive");
    }
}
