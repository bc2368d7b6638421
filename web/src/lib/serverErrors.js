// Where a server error goes in a form: its `field` → that form item's error text; any
// other error → a top alert with code, rule and message.
import { nextTick, reactive, shallowRef } from 'vue';
import { ApiError } from './api.js';

export function useServerErrors(knownFields) {
  const fieldErrors = reactive({});
  const top = shallowRef(null);
  function clear(field) {
    if (field) { delete fieldErrors[field]; return; }
    for (const k of Object.keys(fieldErrors)) delete fieldErrors[k];
    top.value = null;
  }
  /** Place the error; returns the field name when it went to a field. */
  function apply(e) {
    clear();
    const err = e instanceof ApiError ? e : new ApiError(0, { code: 'ERROR', message: { zh: String(e?.message || e), en: String(e?.message || e) } });
    const known = typeof knownFields === 'function' ? knownFields() : knownFields;
    if (err.field && known.includes(err.field)) {
      fieldErrors[err.field] = err;
      nextTick(() => {
        const el = document.getElementById(`f-${err.field}`);
        if (el) { el.scrollIntoView({ block: 'center' }); if (el.focus) el.focus({ preventScroll: true }); }
      });
      return err.field;
    }
    top.value = err;
    return null;
  }
  /** The text for an el-form-item's `error` prop. */
  function msg(field) { const e = fieldErrors[field]; return e ? e.text() : ''; }
  return { fieldErrors, top, clear, apply, msg };
}
