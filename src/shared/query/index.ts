// The run query language: parse (with the position of any fault) and the fields it names.
export { parseRunQuery, pointAt, QuerySyntaxError, MAX_QUERY_LENGTH, type QueryOp, type QueryTerm, type RunQuery, type PredicateTerm, type WordTerm } from './parse'
export { namedField, resolveField, jsonPath, columnField, isColumnKey, groupField, SORT_FIELDS, SORT_KEYS, STATUS_ORDER, type QueryField, type SortKey, type OrderField } from './fields'
