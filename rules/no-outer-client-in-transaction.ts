import { check, messages, type MessageIds, type Options } from '../src/checks/no-outer-client-in-transaction.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, Options>({
  name: 'no-outer-client-in-transaction',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require queries inside a transaction callback to go through the transaction client',
      recommended: 'recommended',
    },
    fixable: 'code',
    messages,
    schema: [
      {
        type: 'object',
        properties: {
          sequelizeCls: {
            type: 'boolean',
            description:
              'Sequelize CLS is enabled (`Sequelize.useCLS(namespace)`) where the analysis cannot see it (another file for ESLint, another package): queries inside `sequelize.transaction` callbacks join without `{ transaction: t }`.',
          },
          mongooseTransactionAsyncLocalStorage: {
            type: 'boolean',
            description:
              "Mongoose `transactionAsyncLocalStorage` is enabled (`mongoose.set('transactionAsyncLocalStorage', true)`) where the analysis cannot see it: operations inside `connection.transaction` callbacks join without `{ session }`.",
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ sequelizeCls: false, mongooseTransactionAsyncLocalStorage: false }],
  check,
});
