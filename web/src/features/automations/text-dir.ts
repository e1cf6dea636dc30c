/** Text's direction by its script (a text starting with {greeting} would otherwise read left to right). */
export const textDir = (text: string) => (/[\u0600-\u06FF]/.test(text) ? 'rtl' : 'ltr');
