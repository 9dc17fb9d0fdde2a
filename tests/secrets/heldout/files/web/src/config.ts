export const firebaseConfig = {
  apiKey: "AIzaSyOaFTyqrqQB05V_tipb914XViJC2EL29Xx",
  authDomain: "lumen-tracker.firebaseapp.com",
  projectId: "lumen-tracker",
  storageBucket: "lumen-tracker.appspot.com",
};

// long-lived service token for the public tracking widget
export const SERVICE_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtdHJhY2tlci13ZWIiLCJzY29wZSI6InNoaXBtZW50czpyZWFkIiwiaWF0IjoxNzE0NjQwMDAwLCJleHAiOjE4OTM0NTYwMDAsImp0aSI6IjkwYmZmMDRlLWEyZDItNDEwNy04YTQ1LTA1YzRmNTQ3N2I0NiJ9.oJuJKrEuKHSeKWH4FmBVKg_GZsgqDLwP0nNdC4h25WM";

export const SUPPORT_EMAIL = "support@lumenfreight.io";
export const MAPBOX_TOKEN = "YOUR_MAPBOX_ACCESS_TOKEN";
