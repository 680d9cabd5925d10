import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const schema: object = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../fixtures/ninjs/ninjs-schema_2.0.json', import.meta.url)),
    'utf8',
  ),
);

// The schema is JSON Schema draft-04; strict mode would reject its `additionalProperties` on arrays.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
// `places[].geojson` refers to geojson.org's schema, which cannot be fetched here: any object.
ajv.addSchema({ id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
const validateNinjs = ajv.compile(schema);

/**
 * The schema's errors for a document, and for each association read as a news object of its own
 * (the schema lets an association pass on its `name` alone, so that check would prove little).
 */
export function ninjsSchemaErrors(json: string): string[] {
  const document: unknown = JSON.parse(json);
  const associations =
    typeof document === 'object' && document !== null && 'associations' in document
      ? document.associations
      : [];
  const objects = [
    document,
    ...(Array.isArray(associations) ? associations : []).map((association: unknown) => {
      if (typeof association !== 'object' || association === null) return association;
      const { name, ...object } = { name: '', ...association };
      return name === '' ? association : object;
    }),
  ];
  return objects.flatMap((object, index) =>
    validateNinjs(object)
      ? []
      : (validateNinjs.errors ?? []).map(
          (error) =>
            `${index === 0 ? 'document' : `association ${index}`}${error.instancePath}: ${error.message ?? ''}`,
        ),
  );
}
