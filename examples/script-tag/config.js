// Options too rich for data attributes. Data attributes on the script tag win over these.
window.SwitchboardConfig = {
  strings: { placeholder: 'Ask about orders, shipping or returns…' },
  preChat: { fields: [{ name: 'name', label: 'Your name' }, { name: 'email', label: 'Email', type: 'email', required: true }] },
  sound: true,
};
