// Peer 2 of the cold-start bench: Apollo Server 5 whose one resolver reads one item with a DynamoDB GetItem, with
// the same SDK clients (document client included) as the project and the settings Lambda gives it.
import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const endpoint = process.env['DYNAMODB_ENDPOINT'];
const client = DynamoDBDocumentClient.from(new DynamoDBClient(endpoint ? { endpoint } : {}));
const TableName = process.env['TABLE_NAME'];

const server = new ApolloServer({
  typeDefs: 'type Query { item(id: ID!): Item } type Item { id: ID! name: String }',
  resolvers: {
    Query: {
      item: async (_: unknown, { id }: { id: string }) => {
        const { Item } = await client.send(new GetCommand({ TableName, Key: { pk: `PEER#${id}`, sk: 'PEER' } }));
        return Item ? { id, name: Item['name'] } : null;
      },
    },
  },
});

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler());
